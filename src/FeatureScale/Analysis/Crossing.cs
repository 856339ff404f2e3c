namespace FeatureScale.Analysis;

/// <summary>A threshold crossing P*.</summary>
public readonly record struct Crossing(double Value, CrossingKind Kind)
{
    /// <summary>Whether a value was found.</summary>
    public bool Found => Kind != CrossingKind.NotFound && double.IsFinite(Value);
}
