namespace FeatureScale.Observables;

/// <summary>Histograms of per-neuron overlaps.</summary>
public static class OverlapHistogram
{
    /// <summary>
    /// Equal-width bins on [−m, m] with m = max |value| (symmetric, since the prior is); density = count/(total·width);
    /// H_π = −log density − min over occupied bins (NaN for empty bins).
    /// </summary>
    public static List<HistogramBin> Build(int layer, string feature, IReadOnlyList<float> values, int bins)
    {
        var result = new List<HistogramBin>();
        if (values.Count == 0 || bins < 1) return result;
        double m = 0;
        foreach (var v in values) m = Math.Max(m, Math.Abs(v));
        if (!(m > 0)) m = 1;
        m *= 1 + 1e-9;
        double width = 2 * m / bins;
        var counts = new long[bins];
        foreach (var v in values)
        {
            int b = (int)Math.Floor((v + m) / width);
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        var density = counts.Select(c => c / (values.Count * width)).ToArray();
        double minH = density.Where(x => x > 0).Select(x => -Math.Log(x)).Min();
        for (int b = 0; b < bins; b++)
            result.Add(new HistogramBin(layer, feature, -m + b * width, -m + (b + 1) * width, counts[b], density[b],
                counts[b] > 0 ? -Math.Log(density[b]) - minH : double.NaN));
        return result;
    }
}
