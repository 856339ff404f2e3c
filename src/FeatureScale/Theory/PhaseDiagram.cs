namespace FeatureScale.Theory;

/// <summary>
/// Regime mode of the pattern engine: after the user's substitutions every remaining scale is either d or one of the
/// varied variables, which are set to d^γ; each pattern's minimised energy exponent is then a maximum of lines in γ
/// (one per balance), the winner the minimum over patterns.
/// </summary>
public static class PhaseDiagram
{
    /// <summary>
    /// Scans γ ∈ [from, to] with the given step. <paramref name="constrained"/> enforces the physical ranges of the
    /// order parameters (1 ≤ M ≤ N_l, D ≥ 1, β ≤ N_l) instead of the paper's continuous relaxation; the log-space LP
    /// is then solved numerically per point (vertex enumeration) and boundaries are located by bisection.
    /// </summary>
    public static PhaseDiagramResult Compute(Prediction prediction, IReadOnlyList<string> varied, double from, double to, double step, bool constrained = false)
    {
        if (!(step > 0) || !(to > from)) throw new ConfigException("the γ range must be from < to with a positive step");
        if (!prediction.RemainingScales.Contains("d")) throw new ConfigException("the regime mode needs d as a remaining scale variable");
        foreach (var v in varied)
            if (!prediction.RemainingScales.Contains(v) || v == "d") throw new ConfigException($"cannot vary '{v}': it is not a remaining scale variable other than d");
        var fixedOthers = prediction.RemainingScales.Where(s => s != "d" && !varied.Contains(s)).ToList();
        if (fixedOthers.Count > 0)
            throw new ConfigException($"set {string.Join(", ", fixedOthers)} with --set (e.g. --set {fixedOthers[0]}=1 or =d) or vary them with --vary");
        var patterns = prediction.Patterns.Where(p => !p.Reduced.Unbounded).ToList();
        int n = (int)Math.Floor((to - from) / step + 1e-9) + 1;
        var points = new List<RegimePoint>(n);
        Dictionary<string, double> Logs(double g) { var l = new Dictionary<string, double> { ["d"] = 1 }; foreach (var v in varied) l[v] = g; return l; }
        for (int i = 0; i < n; i++)
        {
            double g = from + i * step;
            var logs = Logs(g);
            var ex = new Dictionary<string, double>();
            string winner = ""; double best = double.PositiveInfinity;
            BalanceVertex? active = null;
            var ops = new Dictionary<string, double>();
            foreach (var p in patterns)
            {
                if (constrained)
                {
                    var (e, pv) = ConstrainedMinimum(p, logs);
                    ex[p.Name] = e;
                    if (e < best - 1e-9) { best = e; winner = p.Name; ops = pv; }
                    continue;
                }
                var (e2, v) = p.Reduced.Evaluate(logs);
                ex[p.Name] = e2;
                if (e2 < best - 1e-9) { best = e2; winner = p.Name; active = v; }
            }
            if (!constrained && active is not null) foreach (var (k, m) in active.Minimizers) ops[k] = m.LogValue(logs);
            points.Add(new RegimePoint(g, ex, winner, ops));
        }
        var boundaries = new List<RegimeBoundary>();
        for (int i = 1; i < points.Count; i++)
        {
            if (points[i].Winner == points[i - 1].Winner) continue;
            string a = points[i - 1].Winner, b = points[i].Winner;
            double mid = 0.5 * (points[i - 1].Gamma + points[i].Gamma);
            var (la, lb) = (Line(patterns.First(p => p.Name == a), Logs(mid), varied), Line(patterns.First(p => p.Name == b), Logs(mid), varied));
            string exact = "";
            double gamma = mid;
            if (constrained)
            {
                double lo = points[i - 1].Gamma, hi = points[i].Gamma;
                for (int it = 0; it < 60; it++)
                {
                    double m = 0.5 * (lo + hi);
                    if (WinnerAt(patterns, Logs(m)) == a) lo = m; else hi = m;
                }
                gamma = 0.5 * (lo + hi);
            }
            else if (la is not null && lb is not null && la.Value.Slope != lb.Value.Slope)
            {
                var gq = (lb.Value.Intercept - la.Value.Intercept) / (la.Value.Slope - lb.Value.Slope);
                gamma = gq.ToDouble(); exact = gq.ToString();
            }
            boundaries.Add(new RegimeBoundary(gamma, a, b, exact));
        }
        return new PhaseDiagramResult(varied.ToList(), patterns.Select(p => p.Name).ToList(), points, boundaries, constrained);
    }

    private static string WinnerAt(IReadOnlyList<PatternResult> patterns, IReadOnlyDictionary<string, double> logs)
    {
        string w = ""; double best = double.PositiveInfinity;
        foreach (var p in patterns) { double e = ConstrainedMinimum(p, logs).LogEnergy; if (e < best - 1e-9) { best = e; w = p.Name; } }
        return w;
    }

    /// <summary>
    /// min over log-parameters of max_j log T_j subject to 0 ≤ log M ≤ log N_l, log D ≥ 0, log β ≤ log N_l, by
    /// enumerating the vertices of the LP in (log p, z) (a handful of constraints). Returns +∞ when infeasible.
    /// </summary>
    public static (double LogEnergy, Dictionary<string, double> Parameters) ConstrainedMinimum(PatternResult p, IReadOnlyDictionary<string, double> logs)
    {
        var names = p.Parameters.Select(q => q.Name).ToList();
        int k = names.Count;
        // Constraints g·x ≥ h over x = (log p_1 … log p_k, z).
        var g = new List<double[]>(); var h = new List<double>();
        foreach (var t in p.ReducedTerms)
        {
            var row = new double[k + 1];
            for (int i = 0; i < k; i++) row[i] = -t[names[i]].ToDouble();
            row[k] = 1;
            g.Add(row); h.Add(t.Restrict(v => !names.Contains(v)).LogValue(logs));
        }
        foreach (var q in p.Parameters)
        {
            int i = names.IndexOf(q.Name);
            double logWidth = p.ReducedWidths[q.Name].LogValue(logs);
            if (q.Kind is PatternKind.MSp or PatternKind.GFL) { var r = new double[k + 1]; r[i] = 1; g.Add(r); h.Add(0); }
            if (q.Kind is PatternKind.MSp or PatternKind.Mag) { var r = new double[k + 1]; r[i] = -1; g.Add(r); h.Add(-logWidth); }
        }
        double best = double.PositiveInfinity; double[]? arg = null;
        int m = g.Count, dim = k + 1;
        var idx = Enumerable.Range(0, dim).ToArray();
        if (m >= dim)
            while (true)
            {
                var x = SolveSquare(idx.Select(j => g[j]).ToArray(), idx.Select(j => h[j]).ToArray());
                if (x is not null && x[k] < best)
                {
                    bool feasible = true;
                    for (int j = 0; j < m && feasible; j++)
                    {
                        double lhs = 0;
                        for (int c = 0; c < dim; c++) lhs += g[j][c] * x[c];
                        if (lhs < h[j] - 1e-9) feasible = false;
                    }
                    if (feasible) { best = x[k]; arg = x; }
                }
                int pos = dim - 1;
                while (pos >= 0 && idx[pos] == m - dim + pos) pos--;
                if (pos < 0) break;
                idx[pos]++;
                for (int q = pos + 1; q < dim; q++) idx[q] = idx[q - 1] + 1;
            }
        var pars = new Dictionary<string, double>();
        if (arg is not null) for (int i = 0; i < k; i++) pars[names[i]] = arg[i];
        return (best, pars);
    }

    private static double[]? SolveSquare(double[][] a, double[] b)
    {
        int n = b.Length;
        var m = new double[n, n + 1];
        for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) m[i, j] = a[i][j]; m[i, n] = b[i]; }
        for (int c = 0; c < n; c++)
        {
            int piv = c;
            for (int i = c + 1; i < n; i++) if (Math.Abs(m[i, c]) > Math.Abs(m[piv, c])) piv = i;
            if (Math.Abs(m[piv, c]) < 1e-12) return null;
            if (piv != c) for (int j = 0; j <= n; j++) (m[c, j], m[piv, j]) = (m[piv, j], m[c, j]);
            for (int i = 0; i < n; i++)
            {
                if (i == c) continue;
                double f = m[i, c] / m[c, c];
                for (int j = c; j <= n; j++) m[i, j] -= f * m[c, j];
            }
        }
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = m[i, n] / m[i, i];
        return x;
    }

    /// <summary>The active balance of a pattern at given logs as an exact line c0 + c1 γ.</summary>
    private static (Rational Intercept, Rational Slope)? Line(PatternResult p, IReadOnlyDictionary<string, double> logs, IReadOnlyList<string> varied)
    {
        var (_, v) = p.Reduced.Evaluate(logs);
        if (v is null) return null;
        Rational c0 = v.Energy["d"], c1 = Rational.Zero;
        foreach (var x in varied) c1 += v.Energy[x];
        return (c0, c1);
    }
}
