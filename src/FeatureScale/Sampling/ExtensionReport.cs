namespace FeatureScale.Sampling;

/// <summary>What a <see cref="ChainExtension"/> did: its settings, each round, and whether R̂ reached the
/// target.</summary>
public sealed record ExtensionReport(double RhatTarget, int MaxSteps, bool Reached,
    IReadOnlyList<ExtensionRound> Rounds);
