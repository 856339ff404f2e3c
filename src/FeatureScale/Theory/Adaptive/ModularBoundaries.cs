namespace FeatureScale.Theory.Adaptive;

/// <summary>Phase boundaries of the modular model.</summary>
public sealed record ModularBoundaries(
    double Sigma2Gmfl1Limit, double Sigma2Gmfl2Limit, double AAtGmfl2Limit, double GStar, double PhiStar,
    double? Sigma2Gmfl1FiniteP, double? Sigma2Gmfl2FiniteP, AveragingMethod Method);
