namespace FeatureScale.Experiments;

/// <summary>One kept sample: the coefficients of He₁ and He₃ in f on the test set (<see cref="HermiteProjection"/>).</summary>
public sealed record CubicSample(int Chain, int Step, double TestHe1, double TestHe3, double TestMse, double TrainMse);
