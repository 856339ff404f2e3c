namespace FeatureScale.Experiments;

/// <summary>What a cubic-teacher Langevin run produced.</summary>
public sealed record CubicLangevinResult(
    CubicLangevinSettings Settings, double Eta, double LambdaMax, IReadOnlyList<LossTracePoint> Trace, IReadOnlyList<CubicSample> Samples,
    float[][] Overlaps, double WallSeconds)
{
    /// <summary>Learned He₁ coefficient of the ensemble-mean output on the test set (1 − b).</summary>
    public double LearnedLinear => Samples.Average(s => s.TestHe1);
    /// <summary>Learned He₃ coefficient of the ensemble-mean output (ε − c; the teacher's value is ε).</summary>
    public double LearnedCubic => Samples.Average(s => s.TestHe3);
    /// <summary>Standard error of <see cref="LearnedCubic"/> from the scatter of the per-chain means.</summary>
    public double LearnedCubicSem => ChainSem(s => s.TestHe3);
    /// <summary>Standard error of <see cref="LearnedLinear"/>.</summary>
    public double LearnedLinearSem => ChainSem(s => s.TestHe1);
    /// <summary>
    /// The largest single-chain split-R̂ of the learned cubic component (each chain's two halves compared: with a
    /// new training set per chain the chains sample different posteriors, so only within-chain diagnostics apply).
    /// </summary>
    public double CubicSplitRhat => PerChain().Select(c => Sampling.ChainDiagnostics.SplitRhat([c]))
        .DefaultIfEmpty(double.NaN).Max();
    /// <summary>The learned cubic component's effective samples, summed over the chains' single-chain ESS.</summary>
    public double CubicEss => PerChain().Sum(c => Sampling.ChainDiagnostics.EffectiveSampleSize([c]));

    private IEnumerable<double[]> PerChain() =>
        Samples.GroupBy(s => s.Chain).Select(g => g.OrderBy(s => s.Step).Select(s => s.TestHe3).ToArray());

    /// <summary>Every kept overlap w_i·w*, pooled over neurons, samples and chains.</summary>
    public IEnumerable<double> PooledOverlaps => Overlaps.SelectMany(o => o.Select(v => (double)v));

    private double ChainSem(Func<CubicSample, double> f)
    {
        var means = Samples.GroupBy(s => s.Chain).Select(g => g.Average(f)).ToArray();
        if (means.Length < 2) return double.NaN;
        double m = means.Average();
        return Math.Sqrt(means.Sum(v => (v - m) * (v - m)) / (means.Length - 1) / means.Length);
    }
}
