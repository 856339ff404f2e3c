namespace FeatureScale.Analysis;

/// <summary>One measured curve A_f(P) at one system size (e.g. d).</summary>
public sealed record SizeCurve(double Size, double[] P, double[] A);
