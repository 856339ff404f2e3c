using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Reporting;
using FeatureScale.Reproductions;
using FeatureScale.Theory;
using FeatureScale.Verification;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale verify PROBLEM [--set VAR=MONOMIAL]… [--budget MIN] [--dims …] [--seeds K] [--out DIR]
/// [--dry-run]</c>: predict a problem's P* exponent, design and run the experiment around it, and end with verdicts
/// and a report (<see cref="ProblemVerification"/>).
/// </summary>
public static class VerifyCommand
{
    public static Command Build()
    {
        var problem = new Argument<string>("problem")
        {
            Description = "A problem JSON file (problems/README.md) or a built-in " +
                          $"({string.Join(", ", ProblemLibrary.Names)}).",
        };
        var set = new Option<string[]>("--set")
        {
            Description = "Set a scale other than d as a monomial of d, e.g. --set N=d^(3/2). Scales not set are d.",
        };
        var budget = new Option<double>("--budget")
        {
            Description = "Wall-clock minutes the experiment may take: sizes d and training sets are chosen to fit, " +
                          "from a short timing run on this machine; refinement stops when it is spent.",
            DefaultValueFactory = _ => 20,
        };
        var dims = new Option<string?>("--dims")
        {
            Description = "Sizes d instead of the budget's choice, e.g. 16,24,32.",
        };
        var seeds = new Option<int?>("--seeds")
        {
            Description = "Training sets per (d, P) instead of the budget's choice (≥ 2).",
        };
        var outOpt = new Option<string?>("--out")
        {
            Description = "Output folder (default featurescale-results/verify/NAME); re-running resumes it with its " +
                          "stored design.",
        };
        var dry = new Option<bool>("--dry-run")
        {
            Description = "Print the prediction and the design with its time estimate; run nothing.",
        };
        var cmd = new Command("verify", "Predict a problem's P* scaling (pattern engine; LDT bound or pilot scan), " +
            "run the " +
            "experiment designed around the prediction under a time budget, and end with verdicts and a report.");
        cmd.Arguments.Add(problem);
        foreach (var o in new Option[] { set, budget, dims, seeds, outOpt, dry }) cmd.Options.Add(o);
        cmd.SetAction(pr => Fail.Guard(() => Run(pr.GetValue(problem)!, pr.GetValue(set) ?? [], pr.GetValue(budget),
            pr.GetValue(dims), pr.GetValue(seeds), pr.GetValue(outOpt), pr.GetValue(dry))));
        return cmd;
    }

    private static int Run(string problemName, string[] sets, double budgetMinutes, string? dimsText, int? seedCount,
        string? outDir, bool dryRun)
    {
        if (!(budgetMinutes > 0) || !double.IsFinite(budgetMinutes))
            throw new ConfigException("--budget must be a number of minutes > 0");
        if (seedCount is < 2)
            throw new ConfigException("--seeds must be ≥ 2 (the P* interval comes from their scatter)");
        int[]? dims = dimsText is null ? null : ParseDims(dimsText);
        var spec = ProblemLibrary.Resolve(problemName);
        var problem = VerifiableProblem.From(spec, PredictCommand.ParseSets(sets));
        if (dims is not null)   // before any folder or timing run: a size the trainer cannot build is a bad input
            foreach (int d in dims)
                if (!problem.IsValidSize(d))
                    throw new ConfigException($"--dims: d = {d} is not N_w·S with N_w = {problem.PatchText} = " +
                        $"{problem.Patches(d)} patches; the nearest size that is: {problem.NearestValidSize(d)}");
        string dir = outDir ?? Path.Combine("featurescale-results", "verify", spec.Name);
        double budget = budgetMinutes * 60;
        var config = new { problem = spec.Name, set = sets, problem_spec = JsonNode.Parse(spec.ToJson()) };
        if (!dryRun) OutputFolder.Prepare(dir, "--out", force: false, $"verify {spec.Name}", config, resumable: true);

        // the design: the one stored in DIR (a resumed run), else the user's sizes, else the budget's choice
        VerifyDesign design;
        string? note = null;
        double? perUnit = null;   // measured for a new design: a pilot-anchored grid is refitted to the budget
        string designPath = Path.Combine(dir, "design.json");
        if (File.Exists(designPath) && dims is null && seedCount is null)
        {
            design = VerifyDesign.Read(designPath);
            Console.Error.WriteLine(
                $"featurescale: resuming {dir} with its stored design (d = {string.Join(",", design.Dims)})");
        }
        else
        {
            Console.Error.WriteLine("featurescale: timing a short run to size the experiment…");
            double spu = CostProbe.SecondsPerUnit(problem);
            perUnit = spu;
            (design, note) = VerifyDesign.ForBudget(problem, budget, spu);
            if (dims is not null) design = design with { Dims = dims };
            if (seedCount is { } k) design = design with { Seeds = Enumerable.Range(1, k).ToArray() };
            design.Validate(problem);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"featurescale: design d = {string.Join(",", design.Dims)}, {design.Seeds.Length} training sets, " +
                $"estimated {design.EstimatedSeconds(problem, spu) / 60:0.#} min " +
                $"(budget {budgetMinutes:0.#} min; " +
                $"{spu * 1e12:0.#} ps per chain·step·P·(d N1 + N1 N2 …) measured)"));
        }
        Console.WriteLine($"{spec.Name}: pattern engine: {problem.Winner} wins, P* ∝ d^" +
            problem.PStarExponent.ToString("0.##", CultureInfo.InvariantCulture) +
            $"; trainer: {problem.NetworkText}, target {problem.Target}, N = {problem.WidthText}" +
            (problem.IsCnn ? $", N_w = {problem.PatchText} patches" : ""));
        if (dryRun)
        {
            Console.WriteLine(design.ToJson(problem).ToJsonString(Json.Options));
            return 0;
        }
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var result = ConsoleProgress.Run($"verify {spec.Name}", sink => ProblemVerification.Run(problem, design,
            new ReproductionContext(ReproductionMode.Quick, dir, sink, Console.Out), budget, note,
            dims is null ? perUnit : null));   // sizes the user chose are kept
        SweepAnalysis.WriteVerdicts(dir, result.Verdicts);
        Manifest.Create($"verify {spec.Name}", config, null, started, clock.Elapsed.TotalSeconds,
            new Dictionary<string, string> { ["verdicts"] = string.Join(" | ", result.Verdicts.Select(v => v.Text)) })
            .WriteTo(dir);
        foreach (var v in result.Verdicts) Console.WriteLine($"verify {spec.Name}: {v.Text}");
        Console.WriteLine(FormattableString.Invariant($"verify {spec.Name}: {clock.Elapsed.TotalSeconds:0.0}s"));
        Console.WriteLine($"report: {HtmlReport.Write(dir)}");
        return 0;
    }

    private static int[] ParseDims(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var dims = new List<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int d) || d < 2)
                throw new ConfigException($"--dims: '{p}' is not an integer ≥ 2 (write e.g. 16,24,32)");
            dims.Add(d);
        }
        if (dims.Distinct().Count() < 2) throw new ConfigException("--dims needs at least two different sizes");
        return dims.Distinct().Order().ToArray();
    }
}
