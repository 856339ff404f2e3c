namespace FeatureScale.Experiments;

/// <summary>One kept sample: the observables in the order of <see cref="ArchTrainResult.ObservableNames"/>.</summary>
public sealed record ArchSampleRow(int Chain, int Sample, int Step, double TrainLoss, double[] Values);
