namespace FeatureScale.Numerics;

/// <summary>
/// A power law y = A·x^k fitted on log-log axes, with a bootstrap 95% confidence interval of the exponent k
/// (percentile method over resampled points; seeded, so reproducible).
/// </summary>
public sealed record PowerLawFit(double Exponent, double Prefactor, double ExponentStdError, double CiLow, double CiHigh, double RSquared, int Points, int BootstrapSamples)
{
    /// <summary>Fits log y = log A + k log x; all x and y must be positive.</summary>
    public static PowerLawFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int bootstrap = 2000, ulong seed = 1)
    {
        int n = x.Length;
        if (n != y.Length) throw new ArgumentException("x and y differ in length");
        var lx = new double[n]; var ly = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(x[i] > 0) || !(y[i] > 0)) throw new ArgumentException($"log-log fit needs positive data (point {i}: x={x[i]}, y={y[i]})");
            lx[i] = Math.Log(x[i]); ly[i] = Math.Log(y[i]);
        }
        var fit = LinearFit.Fit(lx, ly);
        var (lo, hi) = BootstrapSlope(lx, ly, bootstrap, seed, fit.Slope);
        return new PowerLawFit(fit.Slope, Math.Exp(fit.Intercept), fit.SlopeStdError, lo, hi, fit.RSquared, n, bootstrap);
    }

    /// <summary>Percentile bootstrap 95% interval of the OLS slope; resamples with fewer than two distinct x are skipped.</summary>
    public static (double Low, double High) BootstrapSlope(double[] x, double[] y, int samples, ulong seed, double fallback)
    {
        int n = x.Length;
        if (samples <= 0 || n < 3) return (double.NaN, double.NaN);
        var rng = RandomStream.For(seed, 0, "bootstrap");
        var slopes = new List<double>(samples);
        var bx = new double[n]; var by = new double[n];
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < n; i++) { int j = rng.NextInt(n); bx[i] = x[j]; by[i] = y[j]; }
            bool distinct = false;
            for (int i = 1; i < n && !distinct; i++) distinct = bx[i] != bx[0];
            if (!distinct) continue;
            slopes.Add(LinearFit.Fit(bx, by).Slope);
        }
        if (slopes.Count == 0) return (fallback, fallback);
        slopes.Sort();
        return (Percentile(slopes, 0.025), Percentile(slopes, 0.975));
    }

    /// <summary>Linear-interpolated percentile of sorted data.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>"1.03 ± 0.07" style: exponent with half the CI width.</summary>
    public override string ToString() =>
        double.IsNaN(CiLow) ? FormattableString.Invariant($"{Exponent:0.00}") : FormattableString.Invariant($"{Exponent:0.00} ± {(CiHigh - CiLow) / 2:0.00}");
}
