namespace FeatureScale.Theory;

/// <summary>A hidden layer: name (for output) and width monomial, e.g. {"name": "layer 1", "width": "N1"}.</summary>
public sealed class LayerSpec
{
    public string Name { get; set; } = "";
    public string Width { get; set; } = "N";
}
