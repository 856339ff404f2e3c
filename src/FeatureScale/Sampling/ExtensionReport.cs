namespace FeatureScale.Sampling;

/// <summary>What a <see cref="ChainExtension"/> did: its settings, each round, and whether the last round was done
/// (R̂ at the target, burn-in ≥ <see cref="BurninTaus"/> τ, bulk ESS ≥ <see cref="EssTarget"/> when set).</summary>
public sealed record ExtensionReport(double RhatTarget, int MaxSteps, bool Reached,
    IReadOnlyList<ExtensionRound> Rounds)
{
    /// <summary>The bulk-ESS target, or null.</summary>
    public double? EssTarget { get; init; }

    /// <summary>The burn-in a finished run needs, in τ (<see cref="ChainExtension.BurninTaus"/>).</summary>
    public double BurninTaus => ChainExtension.BurninTaus;

    /// <summary>
    /// The warning of a run that missed its target ("A_f's split-R̂ 1.140 is still above rhat_target 1.05 after 4
    /// round(s) (30720 steps; max_steps 30720)"; or its burn-in or ESS fell short), or null when it met it or made
    /// no round.
    /// </summary>
    public string? Warning(string observable, int finalSteps)
    {
        if (Reached || Rounds.Count == 0) return null;
        var last = Rounds[^1];
        string what = !(last.Rhat <= RhatTarget)
            ? FormattableString.Invariant(
                $"{observable}'s split-R̂ {last.Rhat:0.000} is still above rhat_target {RhatTarget}")
            : !ChainExtension.BurninCovers(last.Burnin, last.TauSteps)
                ? FormattableString.Invariant(
                    $"the burn-in ({last.Burnin} steps) is still shorter than {BurninTaus} τ of {observable} ")
                    + FormattableString.Invariant($"(τ ≈ {last.TauSteps:0} steps)")
                : FormattableString.Invariant(
                    $"{observable}'s bulk ESS {last.BulkEss:0} is still below ess_target {EssTarget}");
        return what + FormattableString.Invariant(
            $" after {Rounds.Count} round(s) ({finalSteps} steps; max_steps {MaxSteps})");
    }
}
