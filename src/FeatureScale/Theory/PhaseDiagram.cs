namespace FeatureScale.Theory;

/// <summary>One point of a regime scan: every varied scale = d^γ.</summary>
/// <param name="Gamma">γ.</param>
/// <param name="Exponents">Pattern → exponent of d in its minimised energy (NaN when unbounded).</param>
/// <param name="Winner">Pattern with the smallest exponent (first in menu order on ties).</param>
/// <param name="OrderParameters">Winner's parameters → exponent of d (absent when undetermined).</param>
public sealed record RegimePoint(double Gamma, IReadOnlyDictionary<string, double> Exponents, string Winner, IReadOnlyDictionary<string, double> OrderParameters);

/// <summary>A change of winner at γ = Gamma (exact where the active balances are linear in γ).</summary>
public sealed record RegimeBoundary(double Gamma, string Below, string Above, string Exact);

/// <summary>Winner against γ with every varied scale set to d^γ.</summary>
public sealed record PhaseDiagramResult(IReadOnlyList<string> Varied, IReadOnlyList<string> Patterns, IReadOnlyList<RegimePoint> Points, IReadOnlyList<RegimeBoundary> Boundaries);

/// <summary>
/// Regime mode of the pattern engine: after the user's substitutions every remaining scale is either d or one of the
/// varied variables, which are set to d^γ; each pattern's minimised energy exponent is then a maximum of lines in γ
/// (one per balance), the winner the minimum over patterns.
/// </summary>
public static class PhaseDiagram
{
    /// <summary>Scans γ ∈ [from, to] with the given step.</summary>
    public static PhaseDiagramResult Compute(Prediction prediction, IReadOnlyList<string> varied, double from, double to, double step)
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
            foreach (var p in patterns)
            {
                var (e, v) = p.Reduced.Evaluate(logs);
                ex[p.Name] = e;
                if (e < best - 1e-9) { best = e; winner = p.Name; active = v; }
            }
            var ops = new Dictionary<string, double>();
            if (active is not null) foreach (var (k, m) in active.Minimizers) ops[k] = m.LogValue(logs);
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
            if (la is not null && lb is not null && la.Value.Slope != lb.Value.Slope)
            {
                var gq = (lb.Value.Intercept - la.Value.Intercept) / (la.Value.Slope - lb.Value.Slope);
                gamma = gq.ToDouble(); exact = gq.ToString();
            }
            boundaries.Add(new RegimeBoundary(gamma, a, b, exact));
        }
        return new PhaseDiagramResult(varied.ToList(), patterns.Select(p => p.Name).ToList(), points, boundaries);
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
