namespace FeatureScale.Sampling;

/// <summary>
/// Run lengths from the chains rather than a formula (#12 item 3): after a round, while the observable's
/// split-R̂ (the trainer takes the larger of the rank-normalised and the classic one) is above
/// <see cref="RhatTarget"/>, the chains continue from where they stopped to twice
/// their length, burn-in and sampling steps both doubled (the burn-in rounded up to the thinning grid, so kept
/// samples stay on one grid) and the samples inside the new burn-in dropped, until R̂ ≤ the target or the next
/// round's sampling steps would pass <see cref="MaxSteps"/>.
/// </summary>
public sealed record ChainExtension(double RhatTarget, int MaxSteps)
{
    /// <summary>Whether a round's diagnostics meet the target (an undefined R̂ never does).</summary>
    public bool Reached(RankDiagnostics diagnostics) => diagnostics.Rhat <= RhatTarget;

    /// <summary>The schedule of the next round, or null when it would pass <see cref="MaxSteps"/>.</summary>
    public ChainSchedule? Next(ChainSchedule current)
    {
        long burnin = current.Burnin + (long)current.Thin * ((current.Burnin + current.Thin - 1) / current.Thin);
        long steps = 2L * current.TotalSteps - burnin;
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
    }
}
