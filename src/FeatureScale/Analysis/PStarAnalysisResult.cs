namespace FeatureScale.Analysis;

/// <summary>The outcome of a P* scaling analysis.</summary>
public sealed record PStarAnalysisResult(
    IReadOnlyList<(double Size, PStarEstimate PStar, int Points, int Samples)> PerSize,
    ExponentFit? Fit, CollapseScore? PredictedCollapse, (double Exponent, CollapseScore Score)? BestCollapse,
    IReadOnlyList<Verdict> Verdicts, bool Synthetic)
{
    /// <summary>Each size's seed-averaged curve (this sweep's runs and its refinement rounds').</summary>
    public IReadOnlyList<SizeCurve> Curves { get; init; } = [];
}
