namespace FeatureScale.Theory;

/// <summary>An order parameter of a pattern: a free parameter with its meaning.</summary>
public sealed record OrderParameter(string Name, PatternKind Kind, int Layer, string Feature)
{
    /// <summary>What the parameter measures.</summary>
    public string Meaning => Kind switch
    {
        PatternKind.GFL => $"amplification D of the variance of {Feature} (layer {Layer})",
        PatternKind.MSp => $"number M of layer-{Layer} neurons specialised on {Feature}",
        PatternKind.Mag => $"magnetisation β = Σμ² of layer {Layer} on {Feature}",
        PatternKind.MuSp => $"magnitude μ of the specialised layer-{Layer} neuron on {Feature}",
        _ => "",
    };
}
