namespace FeatureScale.Theory;

/// <summary>
/// The automated feature-learning-pattern engine (arXiv 2512.04165 §3–5, recipe of digest §4). For each pattern in
/// the problem's menu it propagates the RKHS norms R_l(Φ) = ⟨Φ, K_l⁻¹, Φ⟩ of the catalogue features through the
/// hidden layers with the §3.5 rules, builds Ẽ = Σ_l Δ_l + a_y from the §3.4 costs, minimises it over the free
/// parameters (<see cref="TropicalMinimizer"/>), and selects the winner, P* ∝ Ẽ_min and the phase boundaries.
/// Rules:
/// <list type="bullet">
/// <item>Input kernel K_0: R_0(Φ) = gp_norm(Φ) for linear features, undefined (∞) otherwise.</item>
/// <item>GP layer (Claim iii): R_l(Φ) = R_{l−1}(Φ); a feature undefined before gets the power route
///   R_{l−1}(base)^{deg}·gp_norm(Φ)/gp_norm(base)^{deg} (base = degree-1 feature of its direction), else gp_norm(Φ).</item>
/// <item>GFL(D) on Φ (Claim ii): Δ_l = N_l·D; every feature Ψ of Φ's direction with deg Ψ = n·deg Φ gets R_l(Ψ) = R_lazy(Ψ)/D^n.</item>
/// <item>M-Sp / Mag / μ-Sp on Φ with c = M, β, μ² (Claim i, rule 1): Δ_l = c·R_{l−1}(Φ); every Ψ of Φ's direction with
///   deg Ψ = n·deg Φ and n in the activation's Hermite support gets R_l(Ψ) = spike_factor(Ψ)·N_l/c; others stay lazy.</item>
/// <item>a_y = readout_factor·R_{L−1}(y) (readout_factor = χ under mean-field scaling).</item>
/// </list>
/// </summary>
public static class PatternEngine
{
    /// <summary>Evaluates every pattern of the problem's menu (or all combinations when the menu is empty or
    /// <paramref name="allPatterns"/> is set) with the substitutions applied for the reduced energies.</summary>
    public static Prediction Predict(ProblemSpec problem, IReadOnlyDictionary<string, Monomial>? substitutions = null, bool allPatterns = false)
    {
        problem.Validate(problem.Name);
        substitutions ??= new Dictionary<string, Monomial>();
        foreach (var (k, v) in substitutions)
        {
            if (!problem.Scales.Contains(k)) throw new ConfigException($"--set {k}: '{k}' is not a scale variable of {problem.Name} ({string.Join(", ", problem.Scales)})");
            if (v.Variables.Contains(k)) throw new ConfigException($"--set {k}: the value cannot contain {k} itself");
        }
        var derived = (problem.Derived ?? []).ToDictionary(kv => kv.Key, kv => Monomial.Parse(kv.Value), StringComparer.Ordinal);
        // Full substitution: derived variables first, then the user's (repeated so chains like N1=N2, N2=d resolve).
        var full = new Dictionary<string, Monomial>(derived, StringComparer.Ordinal);
        foreach (var (k, v) in substitutions) full[k] = v;
        Monomial Reduce(Monomial m)
        {
            for (int i = 0; i < 8; i++)
            {
                var next = m.Substitute(full);
                if (next.Equals(m)) return m;
                m = next;
            }
            return m;
        }
        var remaining = problem.Scales.Where(s => !substitutions.ContainsKey(s)).ToList();
        foreach (var (k, v) in substitutions)
            foreach (var var in Reduce(v).Variables)
                if (!problem.Scales.Contains(var)) throw new ConfigException($"--set {k}: '{var}' is not a scale variable");

        var menu = (problem.Patterns is { Count: > 0 } && !allPatterns) ? problem.Patterns : Enumerate(problem);
        var results = new List<PatternResult>();
        foreach (var p in menu)
        {
            var r = Evaluate(problem, p, derived, Reduce);
            if (r is not null) results.Add(r);
        }
        if (results.Count == 0) throw new ConfigException($"{problem.Name}: no pattern of the menu can be evaluated");

        // Winner: a pattern whose (single-monomial) reduced energy is ≤ every other's at all scales.
        var finite = results.Where(r => !r.Reduced.Unbounded && r.Reduced.Energy is not null).ToList();
        var winners = new List<string>();
        foreach (var r in finite)
            if (finite.All(o => TropicalMinimum.Dominates(o.Reduced.Energy!, r.Reduced.Energy!)))
                winners.Add(r.Name);
        Monomial? pstar = winners.Count > 0 ? finite.First(r => r.Name == winners[0]).Reduced.Energy : null;

        var boundaries = new List<PhaseBoundary>();
        for (int i = 0; i < finite.Count; i++)
            for (int j = i + 1; j < finite.Count; j++)
            {
                var b = Boundary(finite[i], finite[j]);
                if (b is not null) boundaries.Add(b);
            }
        return new Prediction(problem, substitutions, remaining, results, winners, pstar, boundaries);
    }

    private static PhaseBoundary? Boundary(PatternResult a, PatternResult b)
    {
        var ratio = a.Reduced.Energy! / b.Reduced.Energy!;
        // No boundary inside the domain (all scales ≥ 1) when one energy is below the other everywhere.
        if (ratio.IsOne || TropicalMinimum.Dominates(a.Reduced.Energy!, b.Reduced.Energy!) || TropicalMinimum.Dominates(b.Reduced.Energy!, a.Reduced.Energy!)) return null;
        // Solve for a width-like variable when possible (N…, H), else the first variable.
        var vars = ratio.Variables.ToList();
        string v = vars.FirstOrDefault(x => x.StartsWith('N') && !x.StartsWith("N_w")) ?? vars.FirstOrDefault(x => x == "H") ?? vars[0];
        var e = ratio[v];
        var rest = ratio / Monomial.Var(v, e);
        var boundary = rest.Pow(-Rational.One / e);
        // E_a < E_b ⇔ v^e·rest < 1 ⇔ (e > 0) v < boundary.
        return new PhaseBoundary(a.Name, b.Name, v, boundary, e.Sign > 0);
    }

    /// <summary>All combinations of kinds × features per layer (the extended menu).</summary>
    public static List<PatternSpec> Enumerate(ProblemSpec problem)
    {
        var kinds = (problem.PatternKinds is { Count: > 0 } ? problem.PatternKinds.Select(LayerPattern.ParseKind)
            : [PatternKind.GP, PatternKind.GFL, PatternKind.MSp, PatternKind.Mag, PatternKind.MuSp]).Distinct().ToList();
        var perLayer = new List<List<string>>();
        for (int l = 1; l <= problem.Layers.Count; l++)
        {
            var opts = new List<string>();
            foreach (var k in kinds)
            {
                if (k == PatternKind.GP) { opts.Add("GP"); continue; }
                foreach (var f in problem.Features)
                    if (l > 1 || f.Linear) opts.Add($"{LayerPattern.KindName(k)}({f.Name})");
            }
            perLayer.Add(opts);
        }
        var combos = new List<List<string>> { new() };
        foreach (var opts in perLayer)
            combos = combos.SelectMany(c => opts.Select(o => new List<string>(c) { o })).ToList();
        return combos.Select(c => new PatternSpec { Name = string.Join(" | ", c), Layers = c }).ToList();
    }

    private static PatternResult? Evaluate(ProblemSpec problem, PatternSpec pattern, IReadOnlyDictionary<string, Monomial> derived, Func<Monomial, Monomial> reduce)
    {
        var features = problem.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var support = HermiteSupport(problem);
        var gp = features.Values.ToDictionary(f => f.Name, f => Monomial.Parse(f.GpNorm), StringComparer.Ordinal);
        var spike = features.Values.ToDictionary(f => f.Name, f => Monomial.Parse(f.SpikeFactor ?? "1"), StringComparer.Ordinal);
        FeatureSpec? BaseOf(FeatureSpec f) => features.Values.FirstOrDefault(g => g.Direction == f.Direction && g.Degree == 1);
        bool multi = problem.Layers.Count > 1;
        var rename = pattern.Rename ?? [];

        // R_0: the input kernel.
        var r = features.Values.ToDictionary(f => f.Name, f => f.Linear ? gp[f.Name] : null, StringComparer.Ordinal);
        var terms = new List<(string, Monomial)>();
        var parameters = new List<OrderParameter>();
        for (int l = 1; l <= problem.Layers.Count; l++)
        {
            var (kind, fname) = LayerPattern.Parse(pattern.Layers[l - 1]);
            var width = Monomial.Parse(problem.Layers[l - 1].Width);
            // Lazy propagation (Claim iii) with the power route for features not yet expressible.
            var lazy = new Dictionary<string, Monomial?>(StringComparer.Ordinal);
            foreach (var f in features.Values)
            {
                if (r[f.Name] is Monomial own) { lazy[f.Name] = own; continue; }
                var b = BaseOf(f);
                lazy[f.Name] = b is not null && r[b.Name] is Monomial rb
                    ? rb.Pow(f.Degree) * gp[f.Name] / gp[b.Name].Pow(f.Degree)
                    : gp[f.Name];
            }
            if (kind == PatternKind.GP) { r = lazy; continue; }
            var phi = features[fname!];
            if (r[phi.Name] is not Monomial rPhi) return null; // Φ not expressible by this layer's pre-activations
            string baseName = kind switch { PatternKind.GFL => "D", PatternKind.MSp => "M", PatternKind.Mag => "beta", _ => "mu" };
            string pname = multi ? $"{baseName}{l}" : baseName;
            if (rename.TryGetValue(pname, out var renamed)) pname = renamed;
            parameters.Add(new OrderParameter(pname, kind, l, phi.Name));
            var p = Monomial.Var(pname);
            var next = new Dictionary<string, Monomial?>(lazy, StringComparer.Ordinal);
            if (kind == PatternKind.GFL)
            {
                terms.Add(($"Δ{l}", width * p));
                foreach (var psi in features.Values)
                    if (psi.Direction == phi.Direction && psi.Degree % phi.Degree == 0 && lazy[psi.Name] is Monomial lz)
                        next[psi.Name] = lz / p.Pow(psi.Degree / phi.Degree);
            }
            else
            {
                var c = kind == PatternKind.MuSp ? p.Pow(2) : p;
                terms.Add(($"Δ{l}", c * rPhi));
                foreach (var psi in features.Values)
                    if (psi.Direction == phi.Direction && psi.Degree % phi.Degree == 0 && support(psi.Degree / phi.Degree))
                        next[psi.Name] = spike[psi.Name] * width / c;
            }
            r = next;
        }
        if (r[problem.Target] is not Monomial ry) return null;
        var readout = Monomial.Parse(problem.ReadoutFactor ?? "1");
        terms.Add(("a_y", readout * ry));

        // Substitute derived variables in the problem's own form, then minimise (full and reduced).
        var ownTerms = terms.Select(t => t.Item2.Substitute(derived)).ToList();
        var names = parameters.Select(q => q.Name).ToList();
        var min = TropicalMinimizer.Minimize(ownTerms, names);
        var reducedTerms = terms.Select(t => reduce(t.Item2)).ToList();
        var red = TropicalMinimizer.Minimize(reducedTerms, names);
        var widths = parameters.ToDictionary(q => q.Name, q => reduce(Monomial.Parse(problem.Layers[q.Layer - 1].Width)), StringComparer.Ordinal);

        var valid = new List<(string, Monomial)>();
        if (red.Minimizers is { } mins)
            foreach (var q in parameters)
            {
                if (!mins.TryGetValue(q.Name, out var v)) continue;
                var width = reduce(Monomial.Parse(problem.Layers[q.Layer - 1].Width));
                valid.Add(($"{q.Name} >= 1", v));
                if (q.Kind is PatternKind.MSp or PatternKind.Mag) valid.Add(($"{q.Name} <= {problem.Layers[q.Layer - 1].Width}", width / v));
            }
        return new PatternResult(pattern.Name, pattern.Layers, terms.Select(t => (t.Item1, t.Item2)).ToList(), parameters, min, red, valid)
        {
            ReducedTerms = reducedTerms,
            ReducedWidths = widths,
        };
    }

    /// <summary>Degrees n for which σ has a non-zero Hermite coefficient (rule 1 needs ⟨σ(Φ), Φ^n⟩ ≠ 0).</summary>
    public static Func<int, bool> HermiteSupport(ProblemSpec problem)
    {
        if (problem.HermiteSupport is { Count: > 0 } list) { var set = list.ToHashSet(); return set.Contains; }
        return problem.Activation.Trim().ToLowerInvariant() switch
        {
            "erf" or "tanh" or "odd" => n => n % 2 == 1,
            "relu" => n => n == 1 || n % 2 == 0,
            "linear" => n => n == 1,
            "generic" or "softmax" or "poly" => _ => true,
            var a => throw new ConfigException($"activation '{a}': give hermite_support explicitly (erf, tanh, relu, linear, generic are known)"),
        };
    }
}
