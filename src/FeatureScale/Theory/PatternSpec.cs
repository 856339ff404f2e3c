namespace FeatureScale.Theory;

/// <summary>One pattern of the menu: a per-layer pattern for each hidden layer, e.g. ["M-Sp(lin)", "Mag(he3)"].</summary>
public sealed class PatternSpec
{
    /// <summary>Display name, e.g. "Sp.-Mag.".</summary>
    public string Name { get; set; } = "";
    /// <summary>"GP", "GFL(Φ)", "M-Sp(Φ)", "Mag(Φ)" or "mu-Sp(Φ)" per hidden layer.</summary>
    public List<string> Layers { get; set; } = [];
    /// <summary>Optional renames of the free parameters, e.g. {"mu": "M"} to use the paper's letter.</summary>
    public Dictionary<string, string>? Rename { get; set; }
}
