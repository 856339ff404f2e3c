using FeatureScale.Observables;

namespace FeatureScale.Experiments;

/// <summary>Everything an <see cref="ArchTraining"/> run produced.</summary>
public sealed record ArchTrainResult(TrainConfig Config, ArchTrainSummary Summary, IReadOnlyList<string> ObservableNames,
    IReadOnlyList<ArchSampleRow> Samples, IReadOnlyList<HistogramBin> Histograms);
