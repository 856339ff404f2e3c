namespace FeatureScale.Theory.Adaptive;

/// <summary>Solution of a = −σ²/(λ(a) + σ²) (Eq. B.38).</summary>
public sealed record ModularSolution(
    AveragingMethod Method, double Sigma2, double U, double A, double Lambda, double G, double PhiPlus, double ActionPlus,
    double DropletWeight, FeaturePhase Phase, double? LambdaStandardError = null);
