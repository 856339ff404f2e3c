using FeatureScale.Analysis;
namespace FeatureScale.Reproductions;

/// <summary>What a reproduction produced: its verdict lines (also written to OutDir/verdicts.json).</summary>
public sealed record ReproductionResult(IReadOnlyList<Verdict> Verdicts, double WallSeconds);
