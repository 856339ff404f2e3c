namespace FeatureScale.Sampling;

/// <summary>What a <see cref="ChainExtension"/> did: its settings, each round, and whether R̂ reached the
/// target.</summary>
public sealed record ExtensionReport(double RhatTarget, int MaxSteps, bool Reached,
    IReadOnlyList<ExtensionRound> Rounds)
{
    /// <summary>
    /// The warning of a run that missed its target ("A_f's split-R̂ 1.140 is still above rhat_target 1.05 after 4
    /// round(s) (30720 steps; max_steps 30720)"), or null when it met it or made no round.
    /// </summary>
    public string? Warning(string observable, int finalSteps) => Reached || Rounds.Count == 0 ? null
        : FormattableString.Invariant(
            $"{observable}'s split-R̂ {Rounds[^1].Rhat:0.000} is still above rhat_target {RhatTarget} ") +
          FormattableString.Invariant($"after {Rounds.Count} round(s) ({finalSteps} steps; max_steps {MaxSteps})");
}
