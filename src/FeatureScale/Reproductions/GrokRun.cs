using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>What one cached cubic-teacher run keeps (runs/&lt;key&gt;/result.json): the settings, the learned components,
/// the droplet fraction, the −log p histogram of w·w* and the ensemble-mean loss trace.</summary>
public sealed record GrokRun(CubicLangevinSettings Settings, double Eta, double LambdaMax, double LearnedLinear, double LearnedLinearSem,
    double LearnedCubic, double LearnedCubicSem, double DropletFraction, long OverlapCount, IReadOnlyList<NegLogBin> Histogram,
    IReadOnlyList<TraceMean> Trace, double WallSeconds);
