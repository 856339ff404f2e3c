namespace FeatureScale.Sampling;

/// <summary>A Monte-Carlo estimate: mean over samples and chains with its standard error, effective sample size and split-R̂.</summary>
public sealed record Estimate(double Mean, double Sem, double Ess, double Rhat);
