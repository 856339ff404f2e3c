namespace FeatureScale.Sampling;

/// <summary>Rank-normalised convergence diagnostics of one scalar over chains (Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner 2021).</summary>
/// <param name="Rhat">max of the rank-normalised split-R̂ of the draws and of their folded values |x − median|.</param>
/// <param name="BulkEss">ESS of the rank-normalised draws.</param>
/// <param name="TailEss">min of the ESS of the indicators x ≤ q₀.₀₅ and x ≥ q₀.₉₅.</param>
public sealed record RankDiagnostics(double Rhat, double BulkEss, double TailEss)
{
    /// <summary>Thresholds under which a run's estimates are trusted (R̂ ≤ 1.01, bulk and tail ESS ≥ 100).</summary>
    public const double RhatLimit = 1.01, EssLimit = 100;

    /// <summary>Undefined (fewer than 4 draws per chain).</summary>
    public static readonly RankDiagnostics Undefined = new(double.NaN, double.NaN, double.NaN);

    /// <summary>Whether R̂ > 1.01 or an ESS &lt; 100 (or undefined).</summary>
    public bool Warn => !(Rhat <= RhatLimit) || !(BulkEss >= EssLimit) || !(TailEss >= EssLimit);

    /// <summary>The warning of <see cref="Warn"/> for <paramref name="observable"/>, with what to try
    /// (<see cref="RunLongerAdvice"/>).</summary>
    public string NotConverged(string observable, SamplerSettings? sampler) => FormattableString.Invariant(
        $"{observable} has not converged: rank-normalised split-R̂ {Rhat:0.000} (want ≤ {RhatLimit}), ") +
        FormattableString.Invariant($"bulk ESS {BulkEss:0}, tail ESS {TailEss:0} (want ≥ {EssLimit}); ") +
        RunLongerAdvice.For(sampler);

    /// <summary>Diagnostics of <paramref name="chains"/>, cut to their common length (last draws).</summary>
    public static RankDiagnostics Of(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var usable = chains.Where(c => c.Count >= 4).ToList();
        if (usable.Count == 0) return Undefined;
        int len = usable.Min(c => c.Count);
        var cut = usable.Select(c => c.Skip(c.Count - len).ToArray()).ToArray();
        var all = cut.SelectMany(c => c).ToArray();
        double median = Quantile(all, 0.5);
        var z = RankNormalise(cut);
        var folded = RankNormalise(cut.Select(c => c.Select(x => Math.Abs(x - median)).ToArray()).ToArray());
        double rhat = Math.Max(ChainDiagnostics.SplitRhat(z), ChainDiagnostics.SplitRhat(folded));
        double bulk = ChainDiagnostics.EffectiveSampleSize(z);
        double q05 = Quantile(all, 0.05), q95 = Quantile(all, 0.95);
        double tail = Math.Min(
            ChainDiagnostics.EffectiveSampleSize(Indicator(cut, x => x <= q05)),
            ChainDiagnostics.EffectiveSampleSize(Indicator(cut, x => x >= q95)));
        return new RankDiagnostics(rhat, bulk, tail);
    }

    /// <summary>Average ranks r over all draws (ties share their mean rank), mapped to Φ⁻¹((r − 3/8)/(S + 1/4)).</summary>
    public static IReadOnlyList<IReadOnlyList<double>> RankNormalise(double[][] chains)
    {
        var flat = chains.SelectMany((c, j) => c.Select((x, i) => (x, j, i))).OrderBy(t => t.x).ToArray();
        int s = flat.Length;
        var result = chains.Select(c => new double[c.Length]).ToArray();
        for (int k = 0; k < s;)
        {
            int e = k;
            while (e + 1 < s && flat[e + 1].x == flat[k].x) e++;
            double rank = (k + e) / 2.0 + 1;
            double z = NormalQuantile((rank - 0.375) / (s + 0.25));
            for (int m = k; m <= e; m++) result[flat[m].j][flat[m].i] = z;
            k = e + 1;
        }
        return result;
    }

    private static IReadOnlyList<IReadOnlyList<double>> Indicator(double[][] chains, Func<double, bool> f) =>
        chains.Select(c => (IReadOnlyList<double>)c.Select(x => f(x) ? 1.0 : 0.0).ToArray()).ToArray();

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation (relative error &lt; 1.2·10⁻⁹, ample for ranks).</summary>
    internal static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -NormalQuantile(1 - p);
        double r = p - 0.5, t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
