namespace FeatureScale.Sampling;

/// <summary>
/// Convergence diagnostics over several chains of one scalar (Gelman et al., BDA3 §11.4–11.5; Vehtari et al. 2021):
/// split-R̂ (each chain halved), the multi-chain effective sample size with Geyer's initial monotone sequence, and
/// the Monte-Carlo standard error √(var⁺/ESS).
/// </summary>
public static class ChainDiagnostics
{
    /// <summary>Split-R̂ over chains cut to a common length (NaN when fewer than 4 draws per chain).</summary>
    public static double SplitRhat(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var halves = SplitHalves(chains);
        if (halves.Count < 2) return double.NaN;
        int n = halves[0].Length;
        var means = halves.Select(h => h.Average()).ToArray();
        double w = halves.Select((h, j) => h.Sum(x => (x - means[j]) * (x - means[j])) / (n - 1)).Average();
        double grand = means.Average();
        double b = n * means.Sum(m => (m - grand) * (m - grand)) / (means.Length - 1);
        if (!(w > 0)) return b > 0 ? double.PositiveInfinity : 1.0;
        double varPlus = (n - 1.0) / n * w + b / n;
        return Math.Sqrt(varPlus / w);
    }

    /// <summary>Multi-chain ESS (Stan's estimator, on the split chains); NaN with fewer than 4 draws per chain.</summary>
    public static double EffectiveSampleSize(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var seqs = SplitHalves(chains);
        if (seqs.Count < 1) return double.NaN;
        int m = seqs.Count, n = seqs[0].Length;
        var means = seqs.Select(s => s.Average()).ToArray();
        double Acov(int j, int t) => Autocovariance(seqs[j], means[j], t);
        double w = Enumerable.Range(0, m).Select(j => Acov(j, 0) * n / (n - 1.0)).Average();
        double grand = means.Average();
        double b = m > 1 ? n * means.Sum(x => (x - grand) * (x - grand)) / (m - 1) : 0;
        double varPlus = (n - 1.0) / n * w + b / n;
        if (!(varPlus > 0)) return m * n;
        double Rho(int t) => 1 - (w - Enumerable.Range(0, m).Select(j => Acov(j, t)).Average()) / varPlus;
        // Geyer: sum consecutive pairs while positive, enforcing monotone decrease.
        double sum = 0, prevPair = double.PositiveInfinity;
        for (int t = 0; t + 1 < n; t += 2)
        {
            double pair = Rho(t) + Rho(t + 1);
            if (pair <= 0) break;
            pair = Math.Min(pair, prevPair);
            sum += pair; prevPair = pair;
        }
        double tau = Math.Max(-1 + 2 * sum, 1.0 / Math.Log10(Math.Max(10, m * n)));
        return m * n / tau;
    }

    /// <summary>
    /// Mean, standard error, ESS and split-R̂ of a scalar over chains. With ≥ 4 draws per chain the standard error is
    /// √(var⁺/ESS); otherwise (or when ESS is undefined) it is the spread of the chain means / √chains.
    /// </summary>
    public static Estimate Summarise(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var nonEmpty = chains.Where(c => c.Count > 0).ToList();
        var all = nonEmpty.SelectMany(c => c).ToArray();
        if (all.Length == 0) return new Estimate(double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = all.Average();
        double ess = EffectiveSampleSize(nonEmpty);
        double rhat = SplitRhat(nonEmpty);
        double sem;
        if (double.IsFinite(ess) && ess > 0)
        {
            double var = all.Length > 1 ? all.Sum(x => (x - mean) * (x - mean)) / (all.Length - 1) : 0;
            sem = Math.Sqrt(var / Math.Min(ess, all.Length));
        }
        else if (nonEmpty.Count > 1)
        {
            var cm = nonEmpty.Select(c => c.Average()).ToArray();
            double mm = cm.Average();
            sem = Math.Sqrt(cm.Sum(x => (x - mm) * (x - mm)) / (cm.Length - 1) / cm.Length);
        }
        else sem = double.NaN;
        return new Estimate(mean, sem, ess, rhat);
    }

    private static List<double[]> SplitHalves(IReadOnlyList<IReadOnlyList<double>> chains)
    {
        var usable = chains.Where(c => c.Count >= 4).ToList();
        if (usable.Count == 0) return [];
        int len = usable.Min(c => c.Count);
        int half = len / 2;
        var result = new List<double[]>();
        foreach (var c in usable)
        {
            // Use the last `len` draws of each chain (common length), first and second half.
            var tail = c.Skip(c.Count - len).ToArray();
            result.Add(tail[..half]);
            result.Add(tail[(len - half)..]);
        }
        return result;
    }

    private static double Autocovariance(double[] x, double mean, int lag)
    {
        double s = 0;
        for (int i = 0; i + lag < x.Length; i++) s += (x[i] - mean) * (x[i + lag] - mean);
        return s / x.Length;
    }
}
