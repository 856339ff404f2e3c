namespace FeatureScale.Theory.Adaptive;

/// <summary>Thermodynamic-limit phase at a given σ² (lever rule in the mixed phase): droplet fraction p.</summary>
public sealed record CubicLimitPhase(FeaturePhase Phase, double Sigma2, double U, double B, double C, double DropletFraction, double QStar, double GapAtQStar);
