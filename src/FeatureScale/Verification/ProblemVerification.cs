using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Reproductions;
using FeatureScale.Sweeps;

namespace FeatureScale.Verification;

/// <summary>
/// <c>featurescale verify</c> (#13 item 7): a problem in; the pattern engine's prediction (winner, P* ∝ d^k), the
/// LDT's lower bound (two-layer) or a pilot scan (deeper), a designed experiment (<see cref="VerifyDesign"/>: a P
/// grid around the anchor, then
/// <see cref="AdaptivePStar"/> refinement while the budget lasts), and verdicts that test the predicted exponent
/// (agrees only when the 95% interval is within ±0.15 and contains it; inconclusive when wider or when runs did not
/// equilibrate). Writes prediction.json, design.json, the sweep (resumable), pstar_theory_vs_experiment.csv and
/// the P* figure into the output folder.
/// </summary>
public static class ProblemVerification
{
    /// <summary>The sweep's folder inside the output folder.</summary>
    public const string SweepName = "pstar_sweep";

    /// <summary>The pilot scan's folder (problems without the LDT).</summary>
    public const string PilotName = "pilot_sweep";

    private static string F(double v, string fmt = "0.##") => v.ToString(fmt, CultureInfo.InvariantCulture);

    /// <summary>
    /// Runs the verification; <paramref name="budgetSeconds"/> (null: none) stops the refinement early and, with
    /// <paramref name="secondsPerUnit"/> (the cost probe's), drops a pilot-anchored grid's largest sizes while the
    /// grid's estimate at the pilot's anchor exceeds what is left of it (at least three sizes stay).
    /// </summary>
    public static ReproductionResult Run(VerifiableProblem problem, VerifyDesign design, ReproductionContext ctx,
        double? budgetSeconds = null, string? budgetNote = null, double? secondsPerUnit = null)
    {
        design.Validate(problem);
        var clock = Stopwatch.StartNew();
        var ldt = problem.HasLdt ? design.Dims.Select(d => (D: d, PStar: problem.LdtPStar(d))).ToList() : [];
        double ldtSlope = problem.HasLdt ? LinearFit.Fit(ldt.Select(t => Math.Log(t.D)).ToArray(),
            ldt.Select(t => Math.Log(t.PStar)).ToArray()).Slope : double.NaN;
        WritePrediction(problem, ldt, ldtSlope, ctx.OutDir);
        void WriteDesign(double? pilot) => AtomicFile.WriteAllText(Path.Combine(ctx.OutDir, "design.json"),
            design.ToJson(problem, pilot).ToJsonString(Json.Options) + "\n");
        WriteDesign(null);

        Func<int, double> anchor = problem.LdtPStar;
        double from = 0;
        var pilotVerdicts = new List<Verdict>();
        if (!problem.HasLdt)
        {
            from = 0.2;
            ctx.SweepAndAnalyse(PilotName, PilotSpec(problem, design), 0, from);
            var pilotAnalysis = SweepAnalysis.Run(Path.Combine(ctx.OutDir, PilotName));
            var pilot = pilotAnalysis.PerSize.FirstOrDefault();
            string alphas = string.Join(", ", VerifyDesign.PilotAlphasFor(problem).Select(a => F(a)));
            if (pilot.PStar is not { Estimate.Found: true } est)
            {
                WriteDesign(double.NaN);
                var none = new List<Verdict>
                {
                    new($"pilot scan at d = {design.Dims[0]} (P/d = {alphas}): {problem.ObservableText} does " +
                        $"not cross {F(problem.Threshold)}" + PilotSide(pilotAnalysis, problem.Threshold) +
                        " — no P grid could be placed, so the prediction is not tested " +
                        $"(inconclusive); the pilot's runs are in {PilotName}/", null),
                    PaperReproductions.QualityNote(Path.Combine(ctx.OutDir, PilotName), problem.RhatPath,
                        problem.ObservableText),
                };
                return new ReproductionResult(none, clock.Elapsed.TotalSeconds);
            }
            double pp = est.Estimate.Value;
            anchor = design.PilotAnchor(problem, pp);
            Verdict? budgetFit = null;
            if (budgetSeconds is { } total && secondsPerUnit is { } spu)
            {
                double left = total - clock.Elapsed.TotalSeconds;
                var fitted = design.FitToBudget(problem, anchor, left, spu);
                if (fitted.Dims.Length < design.Dims.Length)
                    budgetFit = new Verdict(string.Create(CultureInfo.InvariantCulture,
                        $"budget: at the pilot's anchor the grid over d = {string.Join(",", design.Dims)} was " +
                        $"estimated at {design.GridSeconds(problem, anchor, spu) / 60:0.#} min with " +
                        $"{left / 60:0.#} min left, so d = {string.Join(",", design.Dims[fitted.Dims.Length..])} " +
                        $"were dropped (estimate now {fitted.GridSeconds(problem, anchor, spu) / 60:0.#} min)"), null);
                design = fitted;
            }
            WriteDesign(pp);
            pilotVerdicts.Add(new Verdict($"pilot scan at d = {design.Dims[0]} (P/d = {alphas}, " +
                $"{design.PilotSeeds.Length} training sets): {problem.ObservableText} crosses " +
                $"{F(problem.Threshold)} at P ≈ {F(pp, "0")}; the grid sits at " +
                $"{string.Join(", ", design.Ratios.Select(r => F(r)))} × {F(pp, "0")}·(d/{design.Dims[0]})^" +
                $"{F(problem.PStarExponent)} (the predicted exponent places it; the fit tests it)", null));
            if (budgetFit is not null) pilotVerdicts.Add(budgetFit);
        }

        string reference = $"prediction ({problem.Winner})";
        var grid = GridSpec(problem, design, ldtSlope, reference, anchor);
        Func<bool>? mayContinue = budgetSeconds is { } b
            ? () => clock.Elapsed.TotalSeconds * 1.3 <= b   // a round costs ≈ 30% of the grid
            : null;
        var outcome = AdaptivePStar.Run(ctx, SweepName, grid, (round, points) => RoundSpec(problem, design, round,
                points), design.RefineRounds, design.RefineHalfWidth, t => $"d={t.Size} P={F(Math.Round(t.P), "0")}",
            from, 1, mayContinue);
        var verdicts = outcome.Verdicts;
        verdicts.InsertRange(0, pilotVerdicts);
        if (outcome.Rounds.Count > 0)
            verdicts.Add(new Verdict(
                $"adaptive design: P added where {problem.ObservableText} crosses {F(problem.Threshold)} — " +
                string.Join("; ", outcome.Rounds), null));
        if (outcome.Stopped is { } stopped) verdicts.Add(new Verdict(stopped, null));
        if (budgetNote is not null) verdicts.Add(new Verdict(budgetNote, null));

        var measured = outcome.Analysis.PerSize.ToDictionary(t => t.Size, t => t.PStar);
        var table = new CsvTable("d", "N", "pstar_measured", "ci_low", "ci_high", "pstar_ldt", "measured_over_ldt",
            "lazy_alignment_at_pstar");
        var lines = new List<string>();
        var lazy = new List<string>();
        foreach (int d in design.Dims)
        {
            double p = problem.HasLdt ? problem.LdtPStar(d) : anchor(d);
            string what = problem.HasLdt ? "the LDT's" : "the anchor's";
            var m = measured.GetValueOrDefault(d);
            double est = m is not null && m.Estimate.Found ? m.Estimate.Value : double.NaN;
            double gp = double.IsFinite(est) ? problem.LazyAlignment(d, est) : double.NaN;
            table.Add(d, problem.Width(d), Num(est), Num(m?.CiLow ?? double.NaN), Num(m?.CiHigh ?? double.NaN),
                problem.HasLdt ? p : null, Num(est / p), Num(gp));
            if (double.IsFinite(gp)) lazy.Add($"d={d} {F(gp, "0.000")}");
            lines.Add(double.IsFinite(est) ? $"d={d}: {F(est, "0")} ({F(est / p, "0.00")}× {what} {F(p, "0")})"
                : $"d={d}: no crossing ({what} {F(p, "0")})");
        }
        table.Write(Path.Combine(ctx.OutDir, "pstar_theory_vs_experiment.csv"));
        verdicts.Add(new Verdict($"pattern engine: {problem.Winner} wins, P* ∝ " +
            $"d^{F(problem.PStarExponent)} ({Substituted(problem)}); " + (problem.HasLdt
                ? $"LDT lower bound slope {F(ldtSlope, "0.00")} over d = {string.Join(",", design.Dims)}"
                : $"no LDT for a {problem.NetworkText}: the grid is anchored on the pilot scan"), null));
        verdicts.Add(new Verdict($"measured P* ({problem.ObservableText} = {F(problem.Threshold)}) vs " +
            $"{(problem.HasLdt ? "the LDT bound" : "the anchor")}: " +
            string.Join("; ", lines), null));
        if (lazy.Count > 0)
            verdicts.Add(new Verdict($"lazy (NNGP) A_f at the measured P*: {string.Join(", ", lazy)} — of the " +
                "0.1 threshold; where it is a sizeable share the lazy part alone pulls P* down at small d, which " +
                "steepens the measured slope (a finite-size bias that falls with d)", null));
        verdicts.Add(PaperReproductions.QualityNote(Path.Combine(ctx.OutDir, SweepName), problem.RhatPath,
            problem.ObservableText));
        Figure(problem, outcome.Analysis, problem.HasLdt ? ldt
            : design.Dims.Select(d => (D: d, PStar: anchor(d))).ToList(), ldtSlope, ctx.OutDir);
        return new ReproductionResult(verdicts, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Where the pilot's seed-averaged A_f lies when it does not cross: ", above it from P = …" etc.</summary>
    private static string PilotSide(PStarAnalysisResult pilot, double threshold)
    {
        if (pilot.Curves.FirstOrDefault() is not { A.Length: > 0 } c) return "";
        double lo = c.A.Min(), hi = c.A.Max();
        return lo > threshold
            ? $" (above it at every P: {F(c.A[0], "0.00")} at P = {F(c.P[0], "0")}, learnt before feature learning " +
              "can matter, e.g. by the lazy kernel)"
            : hi < threshold
                ? $" (below it at every P: at most {F(hi, "0.000")}, at P = {F(c.P[Array.IndexOf(c.A, hi)], "0")})"
                : "";
    }

    private static string Substituted(VerifiableProblem p) =>
        p.Substitutions.Count == 0 ? "no other scales"
            : string.Join(", ", p.Substitutions.Select(kv => $"{kv.Key} = {kv.Value}" +
                (p.Defaulted.Contains(kv.Key) ? " (default)" : "")));

    private static object? Num(double v) => double.IsFinite(v) ? v : null;

    /// <summary>The base config every run shares (TrainConfig fields).</summary>
    public static JsonObject TrainBase(VerifiableProblem problem, VerifyDesign design)
    {
        var o = new JsonObject();
        if (problem.IsCnn) o["arch"] = problem.Arch;   // FCN configs stay as before (the store keys runs by them)
        if (problem.IsParity) { o["task"] = problem.Task; o["parity_order"] = problem.Degree; }
        o["activation"] = problem.Activation;
        if (!problem.IsParity) o["target"] = problem.Target;
        o["depth"] = problem.Depth;
        o["kappa"] = problem.Kappa; o["sigma2"] = 1.0; o["chains"] = design.Chains; o["thin"] = design.Thin;
        o["test_points"] = design.TestPoints;
        // three-layer posteriors are stiffer than λ_max at the prior draw says: fig3a's BAOAB diverged at
        // step_fraction 0.5 in 5 of 240 runs and in none at 0.3 (docs/samplers.md)
        o["sampler"] = problem.Depth == 2 ? new JsonObject { ["name"] = "baoab" }
            : new JsonObject { ["name"] = "baoab", ["step_fraction"] = 0.3 };
        o["rhat_target"] = design.RhatTarget;
        if (problem.Depth > 2) o["widths"] = Arr(Enumerable.Repeat(1, problem.Depth - 1));
        return o;
    }

    /// <summary>
    /// The zip columns of the widths at the sizes <paramref name="dims"/>: width (and a CNN's patches), or widths[l].
    /// </summary>
    private static void AddWidths(JsonObject zip, VerifiableProblem problem, IReadOnlyList<int> dims)
    {
        if (problem.Depth == 2)
        {
            zip["width"] = Arr(dims.Select(problem.Width));
            if (problem.IsCnn) zip["patches"] = Arr(dims.Select(problem.Patches));
            return;
        }
        for (int l = 0; l < problem.Depth - 1; l++)
            zip[$"widths[{l}]"] = Arr(dims.Select(d => problem.Widths(d)[l]));
    }

    /// <summary>
    /// The pilot scan of a problem without the LDT: P = α d at the smallest d for α in
    /// <see cref="VerifyDesign.PilotAlphas"/>, the design's first two training sets; its analysis finds the crossing.
    /// </summary>
    public static SweepSpec PilotSpec(VerifiableProblem problem, VerifyDesign design)
    {
        int d0 = design.Dims[0];
        var ps = VerifyDesign.PilotAlphasFor(problem).Select(a => Math.Max(2, (int)Math.Round(a * d0))).ToList();
        var zip = new JsonObject { ["d"] = Arr(ps.Select(_ => d0)) };
        AddWidths(zip, problem, ps.Select(_ => d0).ToList());
        zip["P"] = Arr(ps);
        var root = new JsonObject
        {
            ["name"] = $"verify-{problem.Spec.Name}-pilot",
            ["description"] = $"verify {problem.Spec.Name}: pilot scan of the {problem.NetworkText} at " +
                FormattableString.Invariant($"d = {d0}, P = α d, to place the P grid (no LDT at this depth)."),
            ["executor"] = TrainExecutor.Name,
            ["base"] = TrainBase(problem, design),
            ["grid"] = new JsonObject { ["seed"] = Arr(design.PilotSeeds) },
            ["zip"] = new JsonArray(zip),
            ["derive"] = Derive(design),
            ["analysis"] = new JsonObject
            {
                ["kind"] = "pstar_scaling", ["p"] = "P", ["size"] = "d", ["observable"] = problem.AlignmentPath,
                ["threshold"] = problem.Threshold, ["observable_label"] = problem.ObservableText,
            },
        };
        return SweepSpec.Parse(root.ToJsonString());
    }

    private static JsonObject Derive(VerifyDesign design) => new()
    {
        ["burnin"] = FormattableString.Invariant($"round({design.BurninPerD}*d)"),
        ["steps"] = FormattableString.Invariant($"round({design.StepsPerD}*d)"),
        ["max_steps"] = FormattableString.Invariant($"round({design.MaxStepsFactor * design.StepsPerD}*d)"),
    };

    private static JsonArray Arr<T>(IEnumerable<T> xs) =>
        new(xs.Select(x => JsonValue.Create(x) as JsonNode).ToArray());

    /// <summary>The grid sweep: every (d, P) point of the design × every seed, with the P* analysis.</summary>
    public static SweepSpec GridSpec(VerifiableProblem problem, VerifyDesign design, double ldtSlope, string reference,
        Func<int, double>? anchor = null)
    {
        var points = design.Points(problem, anchor);
        // field order as before three-layer support (the store keys runs by their config's JSON)
        var zip = new JsonObject { ["d"] = Arr(points.Select(p => p.D)) };
        AddWidths(zip, problem, points.Select(p => p.D).ToList());
        zip["P"] = Arr(points.Select(p => p.P));
        zip["$ratio"] = Arr(points.Select(p => p.Ratio));
        var analysis = new JsonObject
        {
            ["kind"] = "pstar_scaling", ["p"] = "P", ["size"] = "d", ["observable"] = problem.AlignmentPath,
            ["threshold"] = problem.Threshold, ["observable_label"] = problem.ObservableText,
            ["predicted_exponent"] = problem.PStarExponent,
            ["paper_exponent"] = problem.PStarExponent, ["reference_label"] = reference,
        };
        if (problem.HasLdt)
        {
            analysis["theory_exponent"] = Math.Round(ldtSlope, 3);
            analysis["theory_label"] = "LDT bound";
        }
        var root = new JsonObject
        {
            ["name"] = $"verify-{problem.Spec.Name}",
            ["description"] = $"verify {problem.Spec.Name}: {problem.NetworkText} on " +
                $"{problem.Target} (N = {problem.WidthText}" +
                (problem.IsCnn ? $", N_w = {problem.PatchText} patches" : "") + ", κ = 1, σ² = 1), P at multiples of " +
                (problem.HasLdt ? "the LDT's P*(d)" : "the pilot's P* scaled by the predicted exponent") +
                $"; P* where {problem.ObservableText} crosses {F(problem.Threshold)}.",
            ["executor"] = TrainExecutor.Name,
            ["base"] = TrainBase(problem, design),
            ["grid"] = new JsonObject { ["seed"] = Arr(design.Seeds) },
            ["zip"] = new JsonArray(zip),
            ["derive"] = Derive(design),
            ["analysis"] = analysis,
        };
        return SweepSpec.Parse(root.ToJsonString());
    }

    /// <summary>A refinement round: the added (d, P) points × every seed; the grid's analysis reads it.</summary>
    public static SweepSpec RoundSpec(VerifiableProblem problem, VerifyDesign design, int round,
        IReadOnlyList<(double Size, double P)> points)
    {
        if (points.Count == 0)
            throw new ArgumentException("a refinement round needs at least one point", nameof(points));
        var zip = new JsonObject { ["d"] = Arr(points.Select(p => (int)p.Size)) };
        AddWidths(zip, problem, points.Select(p => (int)p.Size).ToList());
        zip["P"] = Arr(points.Select(p => (int)Math.Round(p.P)));
        var root = new JsonObject
        {
            ["name"] = FormattableString.Invariant($"verify-{problem.Spec.Name}-refine-{round}"),
            ["description"] = $"Refinement round {F(round)}: P added where {problem.ObservableText} crosses " +
                $"{F(problem.Threshold)}.",
            ["executor"] = TrainExecutor.Name,
            ["base"] = TrainBase(problem, design),
            ["grid"] = new JsonObject { ["seed"] = Arr(design.Seeds) },
            ["zip"] = new JsonArray(zip),
            ["derive"] = Derive(design),
        };
        return SweepSpec.Parse(root.ToJsonString());
    }

    private static void WritePrediction(VerifiableProblem p, IReadOnlyList<(int D, double PStar)> ldt, double slope,
        string dir)
    {
        var doc = new JsonObject
        {
            ["problem"] = p.Spec.Name,
            ["substitutions"] = new JsonObject(p.Substitutions.Select(kv =>
                KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString()))),
            ["defaulted"] = Arr(p.Defaulted),
            ["activation"] = p.Activation, ["target"] = p.Target, ["width"] = p.WidthText,
            ["winner"] = p.Winner, ["pstar_exponent"] = p.PStarExponent,
            ["depth"] = p.Depth, ["arch"] = p.Arch, ["patches"] = p.IsCnn ? p.PatchText : null,
            ["ldt"] = !p.HasLdt ? null : new JsonObject
            {
                ["slope"] = slope,
                ["pstar"] = new JsonArray(ldt.Select(t => (JsonNode?)new JsonObject
                {
                    ["d"] = t.D, ["N"] = p.Width(t.D), ["pstar"] = t.PStar,
                }).ToArray()),
            },
            ["problem_spec"] = JsonNode.Parse(p.Spec.ToJson()),
        };
        AtomicFile.WriteAllText(Path.Combine(dir, "prediction.json"), doc.ToJsonString(Json.Options) + "\n");
    }

    private static void Figure(VerifiableProblem problem, PStarAnalysisResult analysis,
        IReadOnlyList<(int D, double PStar)> ldt, double ldtSlope, string dir)
    {
        var found = analysis.PerSize.Where(t => t.PStar.Estimate.Found).ToList();
        var series = new List<PlotSeries>();
        double k = problem.PStarExponent;
        if (found.Count > 0)
        {
            var xs = found.Select(t => t.Size).ToArray();
            var ys = found.Select(t => t.PStar.Estimate.Value).ToArray();
            series.Add(new PlotSeries("measured P* (95% CI)", xs, ys,
                found.Select(t => double.IsFinite(t.PStar.CiLow) ? t.PStar.Estimate.Value - t.PStar.CiLow : 0)
                    .ToArray(),
                found.Select(t => double.IsFinite(t.PStar.CiHigh) ? t.PStar.CiHigh - t.PStar.Estimate.Value : 0)
                    .ToArray(),
                Line: false));
            double c = Math.Exp(xs.Zip(ys).Average(t => Math.Log(t.Second) - k * Math.Log(t.First)));
            series.Add(new PlotSeries($"pattern engine ∝ d^{F(k)}", xs, xs.Select(x => c * Math.Pow(x, k)).ToArray(),
                Markers: false, Dashed: true));
        }
        series.Add(new PlotSeries(problem.HasLdt ? $"LDT bound, slope {F(ldtSlope, "0.00")}"
                : $"grid anchor (pilot ∝ d^{F(k)})", ldt.Select(t => (double)t.D).ToArray(),
            ldt.Select(t => t.PStar).ToArray(), Dashed: !problem.HasLdt));
        StudyPlots.Write(Path.Combine(dir, "pstar_vs_d"),
            $"verify {problem.Spec.Name}: P* ({problem.ObservableText} = {F(problem.Threshold)}) vs d, " +
            $"N = {problem.WidthText}", "d", "P*", series,
            logX: true, logY: true);
    }
}
