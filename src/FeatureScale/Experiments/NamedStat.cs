namespace FeatureScale.Experiments;

/// <summary>A named observable averaged over samples and chains.</summary>
public sealed record NamedStat(string Name, double Mean, double Sem, double Ess, double Rhat);
