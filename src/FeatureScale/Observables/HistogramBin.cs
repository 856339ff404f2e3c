namespace FeatureScale.Observables;

/// <summary>One bin of an overlap histogram with H_π = −log density shifted to minimum 0 (Fig. 2a, Fig. 8).</summary>
public sealed record HistogramBin(int Layer, string Feature, double Left, double Right, long Count, double Density, double HPi);
