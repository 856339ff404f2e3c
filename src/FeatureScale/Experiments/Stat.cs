using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>A mean over samples and chains with its Monte-Carlo standard error, effective sample size and split-R̂.</summary>
public sealed record Stat(double Mean, double Sem, double Ess, double Rhat)
{
    internal static Stat From(Estimate e) => new(e.Mean, e.Sem, e.Ess, e.Rhat);
}
