using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>What one cached cubic-teacher run keeps (runs/&lt;key&gt;/result.json): the settings, the learned components,
/// the droplet fraction, the −log p histogram of w·w* and the ensemble-mean loss trace; CubicRhat and CubicEss
/// (<see cref="CubicLangevinResult.CubicSplitRhat"/>, <see cref="CubicLangevinResult.CubicEss"/>) are null in runs
/// stored before they were recorded.</summary>
public sealed record GrokRun(CubicLangevinSettings Settings, double Eta, double LambdaMax, double LearnedLinear,
    double LearnedLinearSem, double LearnedCubic, double LearnedCubicSem, double DropletFraction, long OverlapCount,
    IReadOnlyList<NegLogBin> Histogram, IReadOnlyList<TraceMean> Trace, double WallSeconds, double? CubicRhat = null,
    double? CubicEss = null);
