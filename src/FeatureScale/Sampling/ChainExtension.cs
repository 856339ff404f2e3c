namespace FeatureScale.Sampling;

/// <summary>
/// Run lengths from the chains rather than a formula (#12 item 3). After a round the run is done when the
/// observable's split-R̂ (the trainer takes the larger of the rank-normalised and the classic one) is at most
/// <see cref="RhatTarget"/>, the burn-in is at least <see cref="BurninTaus"/> integrated autocorrelation times τ
/// measured on the kept samples once R̂ is met, and (when set) the bulk ESS is at least <see cref="EssTarget"/>.
/// Otherwise the chains continue from where they stopped to twice their length: the burn-in grows to the larger of
/// twice itself and (once R̂ is met) <see cref="BurninTaus"/> τ (at most half the new run, rounded up to the thinning
/// grid so kept samples stay on one grid) and the samples inside it are dropped, until the run is done or the next round's sampling steps would pass
/// <see cref="MaxSteps"/>.
/// </summary>
public sealed record ChainExtension(double RhatTarget, int MaxSteps, double? EssTarget = null)
{
    /// <summary>The burn-in a finished run needs, in integrated autocorrelation times of the observable.</summary>
    public const double BurninTaus = 5;

    /// <summary>
    /// τ in steps from the bulk ESS of <paramref name="chains"/> chains of <paramref name="steps"/> sampling steps:
    /// chains·steps/ESS (+∞ when the ESS is not positive, NaN when it is undefined).
    /// </summary>
    public static double Tau(double bulkEss, int chains, int steps) =>
        double.IsNaN(bulkEss) ? double.NaN : bulkEss > 0 ? chains * (double)steps / bulkEss : double.PositiveInfinity;

    /// <summary>Whether R̂ meets the target (an undefined R̂ never does).</summary>
    public bool Reached(RankDiagnostics diagnostics) => diagnostics.Rhat <= RhatTarget;

    /// <summary>Whether a round is done: R̂, the burn-in against τ, and the ESS target.</summary>
    public bool Reached(RankDiagnostics diagnostics, ChainSchedule schedule, int chains) =>
        Reached(diagnostics) && BurninCovers(schedule.Burnin, Tau(diagnostics.BulkEss, chains, schedule.Steps))
        && (EssTarget is not { } ess || diagnostics.BulkEss >= ess);

    /// <summary>Whether a burn-in of <paramref name="burnin"/> steps is at least <see cref="BurninTaus"/> τ.</summary>
    public static bool BurninCovers(int burnin, double tau) => burnin >= BurninTaus * tau;

    /// <summary>The schedule of the next round by doubling alone, or null when it would pass
    /// <see cref="MaxSteps"/>.</summary>
    public ChainSchedule? Next(ChainSchedule current) => Next(current, double.NaN);

    /// <summary>The schedule of the next round after a round with these diagnostics: τ sizes the burn-in only when
    /// R̂ meets the target (before that the chains disagree and τ means nothing), else doubling alone.</summary>
    public ChainSchedule? Next(ChainSchedule current, RankDiagnostics diagnostics, int chains) =>
        Next(current, Reached(diagnostics) ? Tau(diagnostics.BulkEss, chains, current.Steps) : double.NaN);

    /// <summary>The schedule of the next round given the measured τ (NaN or +∞: doubling alone), or null when it
    /// would pass <see cref="MaxSteps"/>.</summary>
    public ChainSchedule? Next(ChainSchedule current, double tau)
    {
        long b = current.Burnin, t = current.Thin, total = current.TotalSteps;
        double want = 2.0 * b;
        if (double.IsFinite(tau)) want = Math.Max(want, Math.Min(BurninTaus * tau, total));
        long burnin = b + t * (long)Math.Ceiling((want - b) / t);
        long steps = 2L * total - burnin;
        if (steps > MaxSteps || burnin + steps > int.MaxValue) return null;
        return current with { Burnin = (int)burnin, Steps = (int)steps };
    }

    /// <summary>Checks the settings (throws <see cref="ConfigException"/>); <paramref name="steps"/> is the first
    /// round's sampling steps.</summary>
    public void Validate(int steps)
    {
        if (!(RhatTarget > 1) || !double.IsFinite(RhatTarget))
            throw new ConfigException($"rhat_target must be a number above 1, e.g. 1.05 (got {RhatTarget})");
        if (MaxSteps < steps)
            throw new ConfigException($"max_steps ({MaxSteps}) must be at least steps ({steps})");
        if (EssTarget is { } ess && (!(ess > 0) || !double.IsFinite(ess)))
            throw new ConfigException($"ess_target must be a positive number, e.g. 400 (got {ess})");
    }
}
