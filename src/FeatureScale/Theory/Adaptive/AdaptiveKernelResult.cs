namespace FeatureScale.Theory.Adaptive;

/// <summary>Result of the finite-data adaptive-kernel fixed point.</summary>
public sealed record AdaptiveKernelResult(
    string Method, double Chi, double[] Kernel, double[] Discrepancy, double[] TrainMean, double[] WeightCovariance,
    int Iterations, double Change, bool Converged);
