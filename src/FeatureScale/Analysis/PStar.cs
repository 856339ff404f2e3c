using FeatureScale.Numerics;

namespace FeatureScale.Analysis;

/// <summary>
/// The sample complexity P*: the P at which the alignment A_f(P) first reaches a threshold (0.1 in arXiv 2512.04165,
/// Fig. 2b), found by linear interpolation of A_f in log P between the bracketing sample sizes.
/// </summary>
public static class PStar
{
    /// <summary>The paper's threshold A_f = 0.1.</summary>
    public const double DefaultThreshold = 0.1;

    /// <summary>
    /// The first upward crossing of threshold by the curve (p, a) (sorted by p internally): the first i with
    /// a[i] ≥ threshold after a point below it, P* = exp(interpolated log P). A curve entirely above (below) the
    /// threshold gives NotFound, or with allowExtrapolation a log-linear extrapolation from its first (last) two points
    /// (only if that line rises).
    /// </summary>
    public static Crossing Find(ReadOnlySpan<double> p, ReadOnlySpan<double> a, double threshold = DefaultThreshold, bool allowExtrapolation = false)
    {
        int n = p.Length;
        if (n != a.Length) throw new ArgumentException("P and A_f differ in length");
        if (n == 0) return new Crossing(double.NaN, CrossingKind.NotFound);
        var order = Enumerable.Range(0, n).ToArray();
        var pp = p.ToArray();
        Array.Sort(pp, order);
        var lx = new double[n]; var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(pp[i] > 0)) throw new ArgumentException($"sample sizes must be positive (got {pp[i]})");
            lx[i] = Math.Log(pp[i]); y[i] = a[order[i]];
        }
        for (int i = 1; i < n; i++)
            if (y[i - 1] < threshold && y[i] >= threshold)
                return new Crossing(Math.Exp(Lerp(lx[i - 1], y[i - 1], lx[i], y[i], threshold)), CrossingKind.Interpolated);
        if (!allowExtrapolation || n < 2) return new Crossing(double.NaN, CrossingKind.NotFound);
        if (y.All(v => v >= threshold) && y[1] > y[0])
            return new Crossing(Math.Exp(Lerp(lx[0], y[0], lx[1], y[1], threshold)), CrossingKind.ExtrapolatedBelow);
        if (y.All(v => v < threshold) && y[n - 1] > y[n - 2])
            return new Crossing(Math.Exp(Lerp(lx[n - 2], y[n - 2], lx[n - 1], y[n - 1], threshold)), CrossingKind.ExtrapolatedAbove);
        return new Crossing(double.NaN, CrossingKind.NotFound);
    }

    private static double Lerp(double x0, double y0, double x1, double y1, double y) => x0 + (y - y0) * (x1 - x0) / (y1 - y0);

    /// <summary>
    /// P* of the seed-averaged curve with a percentile-bootstrap 95% interval. samples[i] holds the independent
    /// measurements of A_f at p[i] (one per seed/ensemble). Each replicate resamples, independently at every P, the
    /// measurements with replacement and re-extracts P*; a P measured once is resampled parametrically from
    /// N(value, sem[i]) when its standard error is given (else held fixed). Seeded, so reproducible.
    /// </summary>
    public static PStarEstimate Bootstrap(IReadOnlyList<double> p, IReadOnlyList<double[]> samples, double threshold = DefaultThreshold,
        int replicates = 2000, ulong seed = 1, IReadOnlyList<double>? sem = null, bool allowExtrapolation = false)
    {
        int n = p.Count;
        if (samples.Count != n) throw new ArgumentException("one list of samples per P is needed");
        var pa = p.ToArray();
        var mean = samples.Select(s => s.Length > 0 ? s.Average() : throw new ArgumentException("a P without samples")).ToArray();
        var est = Find(pa, mean, threshold, allowExtrapolation);
        var reps = new double[replicates];
        var rng = RandomStream.For(seed, 0, "pstar-bootstrap");
        var a = new double[n];
        for (int b = 0; b < replicates; b++)
        {
            for (int i = 0; i < n; i++)
            {
                var s = samples[i];
                if (s.Length >= 2)
                {
                    double sum = 0;
                    for (int j = 0; j < s.Length; j++) sum += s[rng.NextInt(s.Length)];
                    a[i] = sum / s.Length;
                }
                else a[i] = s[0] + (sem is not null && double.IsFinite(sem[i]) ? sem[i] * rng.NextGaussian() : 0);
            }
            var c = Find(pa, a, threshold, allowExtrapolation);
            reps[b] = c.Found ? c.Value : double.NaN;
        }
        var ok = reps.Where(double.IsFinite).OrderBy(v => v).ToList();
        double lo = ok.Count > 0 ? PowerLawFit.Percentile(ok, 0.025) : double.NaN;
        double hi = ok.Count > 0 ? PowerLawFit.Percentile(ok, 0.975) : double.NaN;
        return new PStarEstimate(est, lo, hi, reps, replicates > 0 ? (double)ok.Count / replicates : double.NaN);
    }
}
