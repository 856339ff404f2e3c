using FeatureScale.Numerics;

namespace FeatureScale.Analysis;

/// <summary>A scaling exponent (e.g. P* ∝ d^k) with two 95% intervals.</summary>
/// <param name="Fit">Log-log least squares on the point estimates, with <see cref="PowerLawFit"/>'s point-resampling bootstrap interval.</param>
/// <param name="ReplicateCiLow">2.5th percentile of the exponent refitted on matched bootstrap replicates of the y values
/// (propagates the measurement uncertainty of each y, e.g. of each P*); NaN if no replicates were given.</param>
/// <param name="ReplicateCiHigh">97.5th percentile.</param>
public sealed record ExponentFit(PowerLawFit Fit, double ReplicateCiLow, double ReplicateCiHigh)
{
    /// <summary>The fitted exponent.</summary>
    public double Exponent => Fit.Exponent;

    /// <summary>The interval used in verdicts: the union of both intervals (the more cautious one), when both exist.</summary>
    public (double Low, double High) Ci
    {
        get
        {
            bool rep = double.IsFinite(ReplicateCiLow) && double.IsFinite(ReplicateCiHigh);
            bool pts = double.IsFinite(Fit.CiLow) && double.IsFinite(Fit.CiHigh);
            return (rep, pts) switch
            {
                (true, true) => (Math.Min(ReplicateCiLow, Fit.CiLow), Math.Max(ReplicateCiHigh, Fit.CiHigh)),
                (true, false) => (ReplicateCiLow, ReplicateCiHigh),
                (false, true) => (Fit.CiLow, Fit.CiHigh),
                _ => (double.NaN, double.NaN),
            };
        }
    }

    /// <summary>Half-width of <see cref="Ci"/>.</summary>
    public double HalfWidth => (Ci.High - Ci.Low) / 2;

    /// <summary>
    /// Fits y ∝ x^k. yReplicates[j][b] is the b-th bootstrap replicate of y[j] (e.g. <see cref="PStarEstimate.Replicates"/>);
    /// replicate b is refitted across all x whenever every y_j(b) is finite and positive.
    /// </summary>
    public static ExponentFit Estimate(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double[]>? yReplicates = null,
        int bootstrap = 2000, ulong seed = 1)
    {
        var fit = PowerLawFit.Fit(x.ToArray(), y.ToArray(), bootstrap, seed);
        double lo = double.NaN, hi = double.NaN;
        if (yReplicates is not null && yReplicates.Count == x.Count && x.Count >= 2)
        {
            int b = yReplicates.Min(r => r.Length);
            var lx = x.Select(v => Math.Log(v)).ToArray();
            var ly = new double[x.Count];
            var slopes = new List<double>(b);
            for (int r = 0; r < b; r++)
            {
                bool ok = true;
                for (int j = 0; j < x.Count && ok; j++) { double v = yReplicates[j][r]; ok = v > 0 && double.IsFinite(v); ly[j] = ok ? Math.Log(v) : 0; }
                if (ok) slopes.Add(LinearFit.Fit(lx, ly).Slope);
            }
            if (slopes.Count >= 20)
            {
                slopes.Sort();
                lo = PowerLawFit.Percentile(slopes, 0.025); hi = PowerLawFit.Percentile(slopes, 0.975);
            }
        }
        return new ExponentFit(fit, lo, hi);
    }
}
