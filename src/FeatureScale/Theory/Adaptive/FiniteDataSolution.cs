namespace FeatureScale.Theory.Adaptive;

/// <summary>Result of a finite-data adaptive-kernel solve.</summary>
public sealed record FiniteDataSolution(AveragingMethod Method, double[] Kernel, double[] Discrepancy, double[] TrainMean,
    int Iterations, double LastChange, IReadOnlyList<(double[] Location, double Action, double Weight)> Minima);
