namespace FeatureScale.Theory.Adaptive;

/// <summary>Options for Monte-Carlo averaging (seeded, reproducible).</summary>
public sealed record MonteCarloOptions(int Samples = 40_000, int Chains = 4, int BurnIn = 2_000, ulong Seed = 1);
