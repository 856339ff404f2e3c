namespace FeatureScale.Experiments;

/// <summary>One learning-curve row: spectrum theory and (where run) direct GP regression on sampled data.</summary>
public sealed record GpCurvePoint(int P, double TheoryAlignment, double TheoryMse, double EffectiveRidge,
    double? DirectAlignment, double? DirectMse, double? DirectPosteriorMse);
