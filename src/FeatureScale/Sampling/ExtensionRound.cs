namespace FeatureScale.Sampling;

/// <summary>One round of a <see cref="ChainExtension"/>: its schedule and the observable's diagnostics after
/// it.</summary>
public sealed record ExtensionRound(int Burnin, int Steps, double Rhat, double BulkEss);
