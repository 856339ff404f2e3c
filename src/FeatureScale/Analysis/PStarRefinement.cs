namespace FeatureScale.Analysis;

/// <summary>
/// Adaptive design of a P* sweep (#13 item 2): where to add sample sizes P after a round of runs so that each
/// size's crossing of the threshold gets bracketed tightly. A size whose P* interval is already narrow (relative
/// half-width ≤ the target) gets nothing. Otherwise: when the seed-averaged curve crosses inside the grid, the
/// geometric midpoint of every bracket [P_i, P_i+1] that overlaps the 95% interval (the crossing's own bracket at
/// least), as long as the bracket is wider than <c>minRatio</c>; when it does not cross inside the grid, one point
/// a grid step (the end's own ratio) beyond the end it crosses past.
/// </summary>
public static class PStarRefinement
{
    /// <summary>The new (size, P) points, sorted by size then P; none already in a curve.</summary>
    /// <param name="curves">Each size's seed-averaged curve A(P).</param>
    /// <param name="estimates">Each size's P* estimate with its interval (by <see cref="SizeCurve.Size"/>).</param>
    /// <param name="threshold">The A threshold defining P*.</param>
    /// <param name="relativeHalfWidth">Target: (CI high − CI low) / (2 P*); sizes at or below it are done.</param>
    /// <param name="minRatio">A bracket P_i+1/P_i at or below this is not split further.</param>
    public static IReadOnlyList<(double Size, double P)> Next(IReadOnlyList<SizeCurve> curves,
        IReadOnlyDictionary<double, PStarEstimate> estimates, double threshold, double relativeHalfWidth,
        double minRatio = 1.15)
    {
        if (!(relativeHalfWidth > 0)) throw new ArgumentOutOfRangeException(nameof(relativeHalfWidth));
        if (!(minRatio > 1)) throw new ArgumentOutOfRangeException(nameof(minRatio));
        var points = new List<(double, double)>();
        foreach (var curve in curves.OrderBy(c => c.Size))
        {
            var order = Enumerable.Range(0, curve.P.Length).OrderBy(i => curve.P[i]).ToArray();
            var p = order.Select(i => curve.P[i]).ToArray();
            var a = order.Select(i => curve.A[i]).ToArray();
            if (p.Length < 2) continue;
            estimates.TryGetValue(curve.Size, out var est);
            if (est is not null && IsNarrow(est, relativeHalfWidth)) continue;
            var crossing = PStar.Find(p, a, threshold);
            var added = new SortedSet<double>();
            if (crossing.Kind == CrossingKind.Interpolated)
            {
                double lo = est is not null && double.IsFinite(est.CiLow) ? est.CiLow : crossing.Value;
                double hi = est is not null && double.IsFinite(est.CiHigh) ? est.CiHigh : crossing.Value;
                for (int i = 1; i < p.Length; i++)
                {
                    bool holdsCrossing = p[i - 1] < crossing.Value && crossing.Value <= p[i];
                    bool overlapsCi = p[i] > lo && p[i - 1] < hi;
                    if ((holdsCrossing || overlapsCi) && p[i] / p[i - 1] > minRatio)
                        added.Add(Math.Sqrt(p[i - 1] * p[i]));
                }
            }
            else if (a.All(v => v < threshold))
                added.Add(p[^1] * p[^1] / p[^2]);
            else if (a.All(v => v >= threshold))
                added.Add(p[0] * p[0] / p[1]);
            points.AddRange(added.Where(x => !p.Contains(x)).Select(x => (curve.Size, x)));
        }
        return points;
    }

    /// <summary>Whether an estimate's 95% interval is within the relative half-width target.</summary>
    public static bool IsNarrow(PStarEstimate estimate, double relativeHalfWidth) =>
        estimate.Estimate.Found && double.IsFinite(estimate.CiLow) && double.IsFinite(estimate.CiHigh)
        && (estimate.CiHigh - estimate.CiLow) / (2 * estimate.Estimate.Value) <= relativeHalfWidth;
}
