namespace FeatureScale.Sampling;

/// <summary>One round of a <see cref="ChainExtension"/>: its schedule and the observable's diagnostics after it,
/// with τ (steps per effective sample within a chain, <see cref="ChainExtension.Tau"/>).</summary>
public sealed record ExtensionRound(int Burnin, int Steps, double Rhat, double BulkEss, double TauSteps);
