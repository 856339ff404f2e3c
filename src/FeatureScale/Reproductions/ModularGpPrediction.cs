namespace FeatureScale.Reproductions;

/// <summary>The NNGP (GP) prediction of the square network on a modular-addition split.</summary>
/// <param name="TrainDiscrepancy">Δ_train = Σ(y − f̄)·y/Σy·y of the GP mean.</param>
/// <param name="TestDiscrepancy">Δ_test of the GP mean.</param>
/// <param name="TestAccuracy">Accuracy of argmax_p f̄_p on the test pairs.</param>
public sealed record ModularGpPrediction(double TrainDiscrepancy, double TestDiscrepancy, double TestAccuracy);
