namespace FeatureScale.Experiments;

/// <summary>
/// Histogram estimate of −log p(x) for pooled samples (the paper's Figs. 2a/b and 4): density on equal bins over
/// [lo, hi] (normalised by all samples, so mass outside the range is not redistributed), −log density, and the error
/// the paper uses (App. C): the spread of −log p over <c>subsets</c> disjoint subsets, std/√subsets. Empty bins have
/// −log p = +∞ (left out of plots).
/// </summary>
public static class NegLogHistogram
{
    /// <summary>Builds the histogram.</summary>
    public static IReadOnlyList<NegLogBin> Build(IReadOnlyList<double> values, int bins, double lo, double hi, int subsets = 5)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins));
        if (!(hi > lo)) throw new ArgumentException("need lo < hi");
        subsets = Math.Max(1, subsets);
        double w = (hi - lo) / bins;
        var counts = new long[bins];
        var sub = new long[subsets, bins];
        var subTotal = new long[subsets];
        for (int i = 0; i < values.Count; i++)
        {
            int k = i % subsets; subTotal[k]++;
            double v = values[i];
            if (!(v >= lo && v < hi)) continue;
            int b = Math.Min(bins - 1, (int)((v - lo) / w));
            counts[b]++; sub[k, b]++;
        }
        var result = new List<NegLogBin>(bins);
        for (int b = 0; b < bins; b++)
        {
            double dens = values.Count == 0 ? 0 : counts[b] / (values.Count * w);
            double se = double.NaN;
            if (subsets > 1)
            {
                var logs = new List<double>();
                for (int k = 0; k < subsets; k++) if (sub[k, b] > 0) logs.Add(-Math.Log(sub[k, b] / (subTotal[k] * w)));
                if (logs.Count == subsets)
                {
                    double m = logs.Average();
                    se = Math.Sqrt(logs.Sum(x => (x - m) * (x - m)) / (subsets - 1)) / Math.Sqrt(subsets);
                }
            }
            result.Add(new NegLogBin(lo + (b + 0.5) * w, lo + b * w, lo + (b + 1) * w, counts[b], dens, dens > 0 ? -Math.Log(dens) : double.PositiveInfinity, se));
        }
        return result;
    }

    /// <summary>
    /// The theory's normalised −log p(q) on the bin centres for a density exp(−scale·Ŝ(q)) (normalised by trapezoid
    /// quadrature on a fine grid over ±qMax).
    /// </summary>
    public static double[] TheoryNegLog(Func<double, double> reducedAction, double scale, IReadOnlyList<double> centres, double qMax = 4, int grid = 8001)
    {
        double h = 2 * qMax / (grid - 1), min = double.PositiveInfinity;
        var a = new double[grid];
        for (int i = 0; i < grid; i++) { a[i] = scale * reducedAction(-qMax + i * h); min = Math.Min(min, a[i]); }
        double z = 0;
        for (int i = 0; i < grid; i++) z += (i == 0 || i == grid - 1 ? 0.5 : 1) * Math.Exp(-(a[i] - min));
        double logZ = Math.Log(z * h) - min;
        return centres.Select(q => scale * reducedAction(q) + logZ).ToArray();
    }
}
