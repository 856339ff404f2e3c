using FeatureScale.Reporting;
using FeatureScale.Theory;
using FeatureScale.Analysis;

namespace FeatureScale.Reproductions;

/// <summary>Table 1 of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Table1
{
    /// <summary>Table 1: the pattern engine's three-layer FCN table against the paper's three rows (pure theory).</summary>
    [Reproduction("table1", "Table 1: scaling of P* for each network/target (analytic)", 12, Needs.Patterns, Needs.Ldt)]
    public static ReproductionResult Run(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var p = PatternEngine.Predict(ProblemLibrary.ThreeLayerFcn());
        (string Name, string Energy, (string, string)[] Mins)[] paper =
        [
            ("GP-GP", "d^3", []),
            ("GP-Sp.", "(N2*d)^(1/2)", [("M2", "(N2*d^-1)^(1/2)")]),
            ("Sp.-Mag.", "(N1*N2*d)^(1/3)", [("beta", "(N2^2*N1^-1*d^-1)^(1/3)"), ("M1", "(N2*N1*d^-2)^(1/3)")]),
        ];
        var table = new CsvTable("pattern", "energy_terms", "engine_energy", "paper_energy", "engine_minimisers", "paper_minimisers", "match");
        int matches = 0;
        var parts = new List<string>();
        foreach (var (name, energy, mins) in paper)
        {
            var r = p.Patterns.FirstOrDefault(x => x.Name == name);
            var e = r?.Minimum.Energy;
            var em = r?.Minimum.Minimizers;
            bool ok = e is not null && e.Equals(Monomial.Parse(energy))
                && mins.All(m => em is not null && em.TryGetValue(m.Item1, out var v) && v.Equals(Monomial.Parse(m.Item2)));
            if (ok) matches++;
            parts.Add($"{name} {e?.ToString() ?? "?"}{(ok ? "" : " (paper: " + energy + ")")}");
            table.Add(name, r?.EnergyExpression ?? "", e?.ToString() ?? "", energy,
                em is null ? "" : string.Join("; ", em.Select(kv => $"{kv.Key} = {kv.Value}")), string.Join("; ", mins.Select(m => $"{m.Item1} = {m.Item2}")), ok);
        }
        table.Write(Path.Combine(ctx.OutDir, "table1.csv"));
        var prop = PatternEngine.Predict(ProblemLibrary.ThreeLayerFcn(), new Dictionary<string, Monomial> { ["N1"] = Monomial.Var("d"), ["N2"] = Monomial.Var("d") });
        var verdicts = new List<Verdict>
        {
            new($"Table 1 (three-layer erf FCN on He3): engine reproduces {matches} of 3 rows (energies and minimisers): {string.Join("; ", parts)}", matches == 3),
            new($"proportional limit N1 = N2 = d: winners {string.Join(", ", prop.Winners)}, P* ∝ {prop.PStar?.ToString() ?? "?"}; paper: P*/κ ∝ d", prop.PStar is { } ps ? ps.Equals(Monomial.Var("d")) : null),
        };
        return new ReproductionResult(verdicts, clock.Elapsed.TotalSeconds);
    }
}
