using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using Spectre.Console;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale predict --problem NAME|FILE.json [--set VAR=MONOMIAL]… [--json] [--all-patterns]
/// [--phase-diagram gamma=FROM:TO[:STEP]] [--vary VAR]… [--plot FILE.png] [--out DIR] [--dump-problem]</c>:
/// the feature-learning-pattern engine (arXiv 2512.04165 §3–5).
/// </summary>
public static class PredictCommand
{
    public static Command Build()
    {
        var problem = new Option<string>("--problem") { Description = $"Built-in problem ({string.Join(", ", ProblemLibrary.Names)}; fcn2-he<m>, fcn2-mf-he<m> for m = 1..9) or a problem JSON file.", Required = true };
        var set = new Option<string[]>("--set") { Description = "Substitute a scale variable by a monomial of the others, e.g. --set N1=d --set N2=d^(1/2). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print the JSON contract instead of a table." };
        var all = new Option<bool>("--all-patterns") { Description = "Evaluate every per-layer combination of GP, GFL, M-Sp, Mag, mu-Sp instead of the problem's menu." };
        var phase = new Option<string?>("--phase-diagram") { Description = "Regime mode: gamma=FROM:TO[:STEP] sets every varied scale to d^gamma (default step 0.01)." };
        var vary = new Option<string[]>("--vary") { Description = "Scale variables set to d^gamma in the regime mode (default: every layer width not fixed by --set)." };
        var plot = new Option<string?>("--plot") { Description = "PNG file for the phase diagram." };
        var outDir = new Option<string?>("--out") { Description = "Folder for prediction.json (and phase_diagram.csv) plus manifest.json." };
        var constrained = new Option<bool>("--constrained") { Description = "Regime mode: enforce 1 ≤ M ≤ N_l, D ≥ 1, β ≤ N_l instead of the paper's continuous relaxation." };
        var force = new Option<bool>("--force") { Description = OutputFolder.ForceHelp };
        var dump = new Option<bool>("--dump-problem") { Description = "Print the problem as JSON (a starting point for a new problem file) and exit." };
        var cmd = new Command("predict", "Predict the winning feature-learning pattern, the P* scaling and the order parameters of a problem (pattern engine).");
        foreach (var o in new Option[] { problem, set, json, all, phase, vary, plot, outDir, dump, constrained, force }) cmd.Options.Add(o);
        cmd.SetAction(pr => Fail.Guard(() => Run(pr.GetValue(problem)!, pr.GetValue(set) ?? [], pr.GetValue(json), pr.GetValue(all),
            pr.GetValue(phase), pr.GetValue(vary) ?? [], pr.GetValue(plot), pr.GetValue(outDir), pr.GetValue(dump), pr.GetValue(constrained), pr.GetValue(force))));
        return cmd;
    }

    /// <summary>Parses "N1=d", "N2=d^(1/2)".</summary>
    public static Dictionary<string, Monomial> ParseSets(IEnumerable<string> sets)
    {
        var map = new Dictionary<string, Monomial>(StringComparer.Ordinal);
        foreach (var s in sets)
        {
            int eq = s.IndexOf('=');
            if (eq <= 0) throw new ConfigException($"--set '{s}': use VAR=MONOMIAL, e.g. N1=d");
            string k = s[..eq].Trim();
            if (map.ContainsKey(k)) throw new ConfigException($"--set {k} given twice");
            map[k] = Monomial.Parse(s[(eq + 1)..]);
        }
        return map;
    }

    public static int Run(string problemName, string[] sets, bool json, bool allPatterns, string? phase, string[] vary, string? plot, string? outDir, bool dump, bool constrained = false, bool force = false)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var spec = ProblemLibrary.Resolve(problemName);
        if (dump) { Console.WriteLine(spec.ToJson()); return 0; }
        var subs = ParseSets(sets);
        var range = phase is null ? ((double, double, double)?)null : ParseRange(phase);
        if (phase is null && plot is not null) throw new ConfigException("--plot needs --phase-diagram");
        if (phase is null && constrained) throw new ConfigException("--constrained applies to the regime mode: add --phase-diagram");
        if (plot is not null) OutputFolder.CheckFile(plot, "--plot");
        var manifestConfig = new { problem = problemName, set = sets, all_patterns = allPatterns, phase_diagram = phase, vary, constrained, plot, problem_spec = spec };
        if (outDir is not null) OutputFolder.Prepare(outDir, "--out", force, "predict", manifestConfig);
        var prediction = PatternEngine.Predict(spec, subs, allPatterns);
        PhaseDiagramResult? diagram = null;
        if (phase is not null)
        {
            var (from, to, step) = range!.Value;
            var varied = vary.Length > 0 ? vary.ToList()
                : spec.Layers.SelectMany(l => Monomial.Parse(l.Width).Variables).Distinct().Where(v => prediction.RemainingScales.Contains(v) && v != "d").ToList();
            if (varied.Count == 0) throw new ConfigException("no width variable left to vary: name one with --vary");
            diagram = PhaseDiagram.Compute(prediction, varied, from, to, step, constrained);
            if (plot is not null) PhaseDiagramPlot.Save(diagram, $"{spec.Name}: winning pattern vs γ{(constrained ? " (order parameters constrained)" : "")}", plot);
        }
        else if (plot is not null) throw new ConfigException("--plot needs --phase-diagram");
        else if (constrained) throw new ConfigException("--constrained applies to the regime mode: add --phase-diagram");
        var doc = PredictionJson.Build(prediction, diagram);
        clock.Stop();
        if (outDir is not null)
        {
            Json.Write(Path.Combine(outDir, "prediction.json"), doc);
            if (diagram is not null) PredictionJson.DiagramCsv(diagram).Write(Path.Combine(outDir, "phase_diagram.csv"));
            Manifest.Create("predict", manifestConfig,
                null, started, clock.Elapsed.TotalSeconds).WriteTo(outDir);
        }
        if (json) { Console.WriteLine(Json.Serialize(doc)); return 0; }
        Print(prediction, diagram, clock.Elapsed.TotalMilliseconds);
        return 0;
    }

    private static (double From, double To, double Step) ParseRange(string text)
    {
        string s = text.Trim();
        int eq = s.IndexOf('=');
        if (eq >= 0)
        {
            if (!s[..eq].Trim().Equals("gamma", StringComparison.OrdinalIgnoreCase) && s[..eq].Trim() != "γ")
                throw new ConfigException($"--phase-diagram '{text}': use gamma=FROM:TO[:STEP]");
            s = s[(eq + 1)..];
        }
        var parts = s.Split(':');
        double P(string x) => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ConfigException($"--phase-diagram '{text}': '{x}' is not a number");
        if (parts.Length is < 2 or > 3) throw new ConfigException($"--phase-diagram '{text}': use gamma=FROM:TO[:STEP]");
        var (from, to, step) = (P(parts[0]), P(parts[1]), parts.Length == 3 ? P(parts[2]) : 0.01);
        if (!double.IsFinite(from) || !double.IsFinite(to) || !double.IsFinite(step))
            throw new ConfigException($"--phase-diagram '{text}': FROM, TO and STEP must be finite numbers");
        if (!(to > from)) throw new ConfigException($"--phase-diagram '{text}': TO must be larger than FROM");
        if (!(step > 0)) throw new ConfigException($"--phase-diagram '{text}': STEP must be positive");
        if ((to - from) / step > 1e6) throw new ConfigException($"--phase-diagram '{text}': more than 10^6 grid points; use a larger STEP");
        return (from, to, step);
    }

    private static void Print(Prediction p, PhaseDiagramResult? diagram, double ms)
    {
        var spec = p.Problem;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/]: {Markup.Escape(spec.Description ?? "")}");
        if (spec.Reference is not null) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(spec.Reference)}[/]");
        if (p.Substitutions.Count > 0)
            AnsiConsole.MarkupLine($"substitutions: {Markup.Escape(string.Join(", ", p.Substitutions.Select(kv => $"{kv.Key} = {kv.Value}")))}; remaining scales: {Markup.Escape(string.Join(", ", p.RemainingScales))}");
        var t = new Table().AddColumn("pattern").AddColumn("Ẽ = Σ Δ_l + a_y").AddColumn("Ẽ_min").AddColumn("minimisers");
        if (p.Substitutions.Count > 0) t.AddColumn("Ẽ_min (substituted)");
        foreach (var r in p.Patterns)
        {
            string emin = r.Minimum.Unbounded ? "unbounded" : string.Join(" ∨ ", r.Minimum.EnergyTerms.Select(e => e.ToString()));
            var mins = r.Minimum.Minimizers;
            string ms2 = r.Parameters.Count == 0 ? "—" : string.Join(", ", r.Parameters.Select(q => $"{q.Name} = {(mins is not null && mins.TryGetValue(q.Name, out var m) ? m.ToString() : "?")}"));
            var row = new List<string> { (p.Winners.Contains(r.Name) ? "★ " : "") + r.Name, r.EnergyExpression, emin, ms2 };
            if (p.Substitutions.Count > 0) row.Add(r.Reduced.Unbounded ? "unbounded" : string.Join(" ∨ ", r.Reduced.EnergyTerms.Select(e => e.ToString())));
            t.AddRow(row.Select(Markup.Escape).ToArray());
        }
        AnsiConsole.Write(t);
        if (p.Winner is not null)
        {
            AnsiConsole.MarkupLine($"winner: [bold]{Markup.Escape(string.Join(" = ", p.Winners))}[/]{(p.Winners.Count > 1 ? " (tied in scaling)" : "")}");
            AnsiConsole.MarkupLine($"P* ∝ κ Ẽ_min ∝ [bold]{Markup.Escape(p.PStar!.ToString())}[/]");
            var w = p.WinnerResult!;
            foreach (var q in w.Parameters)
            {
                var m = w.Reduced.Minimizers;
                AnsiConsole.MarkupLine($"  {Markup.Escape(q.Name)} ∝ {Markup.Escape(m is not null && m.TryGetValue(q.Name, out var v) ? v.ToString() : "undetermined")}  ({Markup.Escape(q.Meaning)})");
            }
            foreach (var (cond, mono) in w.Valid)
                if (!mono.IsOne) AnsiConsole.MarkupLine($"  [grey]valid while {Markup.Escape(cond)}, i.e. {Markup.Escape(mono.ToString())} ≥ 1[/]");
        }
        else AnsiConsole.MarkupLine("winner: depends on the scales (see the phase boundaries, or fix scales with --set)");
        foreach (var b in p.Boundaries) AnsiConsole.MarkupLine($"  boundary {Markup.Escape(b.A)} | {Markup.Escape(b.B)}: {Markup.Escape(b.ToString())}");
        if (diagram is not null)
        {
            AnsiConsole.MarkupLine($"regime scan ({Markup.Escape(string.Join(", ", diagram.Varied))} = d^γ, γ from {diagram.Points[0].Gamma.ToString(CultureInfo.InvariantCulture)} to {diagram.Points[^1].Gamma.ToString(CultureInfo.InvariantCulture)}):");
            string first = diagram.Points[0].Winner;
            AnsiConsole.MarkupLine($"  starts with {Markup.Escape(first)}");
            foreach (var b in diagram.Boundaries)
            {
                int ia = diagram.Points.ToList().FindIndex(x => x.Gamma > b.Gamma + 1e-9);
                var after = diagram.Points[Math.Min(ia + 1, diagram.Points.Count - 1)];
                string tie = after.Tied.Count > 1 ? $" (tied with {string.Join(", ", after.Tied.Skip(1))})" : "";
                AnsiConsole.MarkupLine($"  γ = {b.Gamma.ToString("0.####", CultureInfo.InvariantCulture)}{(b.Exact.Length > 0 ? $" (= {b.Exact})" : "")}: {Markup.Escape(b.Below)} → {Markup.Escape(b.Above + tie)}");
            }
        }
        AnsiConsole.MarkupLine($"[grey]({ms.ToString("0.0", CultureInfo.InvariantCulture)} ms)[/]");
    }
}
