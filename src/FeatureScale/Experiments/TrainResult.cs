using FeatureScale.Observables;

namespace FeatureScale.Experiments;

/// <summary>Everything a run produced: the resolved config, the summary, per-sample rows, overlap histograms and the per-neuron overlaps.</summary>
public sealed record TrainResult(TrainConfig Config, TrainSummary Summary, IReadOnlyList<SampleRow> Samples, IReadOnlyList<HistogramBin> Histograms,
    IReadOnlyList<NeuronOverlapSeries> Overlaps)
{
    /// <summary>True when a chain diverged and the run stopped early (what was measured is kept).</summary>
    public bool Diverged => Summary.Diverged;
}
