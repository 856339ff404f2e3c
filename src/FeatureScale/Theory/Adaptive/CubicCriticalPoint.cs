namespace FeatureScale.Theory.Adaptive;

/// <summary>Critical point of the cubic model in the thermodynamic (saddle) limit.</summary>
public sealed record CubicCriticalPoint(double Sigma2C, double UC, double BC, double CC, double QStar);
