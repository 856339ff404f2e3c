namespace FeatureScale.Experiments;

/// <summary>One bin of a −log p histogram: centre, density, −log density and its standard error (from subsets).</summary>
public sealed record NegLogBin(double Center, double Left, double Right, long Count, double Density, double NegLogP, double NegLogPSe);
