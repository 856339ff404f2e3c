namespace FeatureScale.Observables;

/// <summary>The features Φ whose overlaps with pre-activations are measured.</summary>
public enum OverlapFeature
{
    /// <summary>Φ* = w*·x (the linear feature).</summary>
    Linear,
    /// <summary>h_m(Φ*) = He_m(w*·x)/√(m!), m the teacher's highest degree.</summary>
    Target,
}
