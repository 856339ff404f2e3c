namespace FeatureScale.Theory.Adaptive;

/// <summary>A kernel-rescaling solution: scalar u, train discrepancy-based predictions and test predictions.</summary>
public sealed record LinearChiSolution(string Method, double Chi, double U, double[] TrainMean, double[] TestMean, double[] Discrepancy);
