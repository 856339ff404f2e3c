namespace FeatureScale.Sampling;

/// <summary>
/// A chain's schedule: <see cref="Burnin"/> steps discarded, then <see cref="Steps"/> steps of which every
/// <see cref="Thin"/>-th (the first included) is kept.
/// </summary>
public sealed record ChainSchedule(int Burnin, int Steps, int Thin)
{
    /// <summary>Burn-in plus sampling steps.</summary>
    public int TotalSteps => Burnin + Steps;
    /// <summary>Kept samples per chain, ⌈Steps/Thin⌉.</summary>
    public int SamplesPerChain => (Steps + Thin - 1) / Thin;
    /// <summary>Whether the state at the start of step <paramref name="step"/> is kept.</summary>
    public bool IsKept(int step) => step >= Burnin && (step - Burnin) % Thin == 0;
}

/// <summary>A kept sample: the step index, the sample index within the chain, the data term L(θ) of the kept θ, and the caller's measurement of that θ.</summary>
public delegate void KeepSample<in TObs>(int step, int sample, double loss, TObs observation);
