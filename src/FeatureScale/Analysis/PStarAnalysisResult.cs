namespace FeatureScale.Analysis;

/// <summary>The outcome of a P* scaling analysis.</summary>
public sealed record PStarAnalysisResult(
    IReadOnlyList<(double Size, PStarEstimate PStar, int Points, int Samples)> PerSize,
    ExponentFit? Fit, CollapseScore? PredictedCollapse, (double Exponent, CollapseScore Score)? BestCollapse,
    IReadOnlyList<Verdict> Verdicts, bool Synthetic);
