namespace FeatureScale.Analysis;

/// <summary>
/// Collapse of alignment curves across sizes when plotted against the rescaled sample size x = P/P*_pred(size) with
/// P*_pred = size^k (the prefactor does not matter: it shifts every curve equally in ln x).
/// <para>Definition (collapse score S): rescale each curve to u = ln(P/size^k); take the common range
/// [max_s min u_s, min_s max u_s]; on G = 64 equally spaced points u_g of it, interpolate every curve linearly in u
/// (curves sorted by u); S = (1/G) Σ_g Var_s A_s(u_g), the population variance across curves averaged over the
/// grid. S_rel = S / Var_{s,g} A_s(u_g). Requires ≥ 2 curves with ≥ 2 points each and an overlapping range.</para>
/// </summary>
public static class Collapse
{
    /// <summary>Grid size used for the score.</summary>
    public const int GridPoints = 64;

    /// <summary>The collapse score of the curves against P/size^exponent.</summary>
    public static CollapseScore Score(IReadOnlyList<SizeCurve> curves, double exponent)
    {
        var us = curves.Select(c => Rescale(c, exponent)).ToList();
        if (us.Count < 2 || us.Any(u => u.U.Length < 2)) return new CollapseScore(double.NaN, double.NaN, (double.NaN, double.NaN), us.Count);
        double lo = us.Max(u => u.U[0]), hi = us.Min(u => u.U[^1]);
        if (!(hi > lo)) return new CollapseScore(double.NaN, double.NaN, (lo, hi), us.Count);
        double total = 0, all = 0, allSq = 0;
        int count = 0;
        var vals = new double[us.Count];
        for (int g = 0; g < GridPoints; g++)
        {
            double u = lo + (hi - lo) * g / (GridPoints - 1);
            for (int s = 0; s < us.Count; s++) vals[s] = Interpolate(us[s].U, us[s].A, u);
            double m = vals.Average();
            total += vals.Sum(v => (v - m) * (v - m)) / vals.Length;
            foreach (var v in vals) { all += v; allSq += v * v; count++; }
        }
        double score = total / GridPoints;
        double pooledMean = all / count, pooledVar = allSq / count - pooledMean * pooledMean;
        return new CollapseScore(score, pooledVar > 0 ? score / pooledVar : double.NaN, (lo, hi), us.Count);
    }

    /// <summary>
    /// The exponent k in [low, high] that minimises the collapse score of A_f against P/size^k: a model-free
    /// estimate of P* ∝ size^k from the whole curves (grid scan with step 0.01, then golden-section refinement).
    /// </summary>
    public static (double Exponent, CollapseScore Score) BestExponent(IReadOnlyList<SizeCurve> curves, double low = 0, double high = 4)
    {
        double best = double.NaN, bestS = double.PositiveInfinity;
        for (double k = low; k <= high + 1e-12; k += 0.01)
        {
            double s = Score(curves, k).Score;
            if (s < bestS) { bestS = s; best = k; }
        }
        if (double.IsNaN(best)) return (double.NaN, Score(curves, low));
        double a = Math.Max(low, best - 0.01), b = Math.Min(high, best + 0.01);
        const double phi = 0.6180339887498949;
        for (int it = 0; it < 40; it++)
        {
            double c = b - phi * (b - a), d = a + phi * (b - a);
            double fc = Score(curves, c).Score, fd = Score(curves, d).Score;
            if (!(fc <= fd) && !double.IsNaN(fd)) a = c; else b = d;
        }
        double k0 = (a + b) / 2;
        var s0 = Score(curves, k0);
        return s0.Score <= bestS ? (k0, s0) : (best, Score(curves, best));
    }

    private static (double[] U, double[] A) Rescale(SizeCurve c, double exponent)
    {
        var u = c.P.Select(p => Math.Log(p) - exponent * Math.Log(c.Size)).ToArray();
        var a = (double[])c.A.Clone();
        Array.Sort(u, a);
        return (u, a);
    }

    private static double Interpolate(double[] x, double[] y, double t)
    {
        if (t <= x[0]) return y[0];
        if (t >= x[^1]) return y[^1];
        int i = Array.BinarySearch(x, t);
        if (i >= 0) return y[i];
        i = ~i;
        double w = (t - x[i - 1]) / (x[i] - x[i - 1]);
        return y[i - 1] + w * (y[i] - y[i - 1]);
    }
}
