using System.Globalization;
using System.Text.Json.Nodes;

namespace FeatureScale.Verification;

/// <summary>
/// The experiment <c>verify</c> runs for a problem: sizes d, a P grid at multiples of an anchor P_a(d), training
/// sets per point, and the main job's chain settings (BAOAB, run lengths ∝ d, extension until split-R̂ ≤ 1.05 up to
/// MaxStepsFactor×, one round of adaptive refinement). The anchor is the LDT's P*(d) for two-layer networks (a
/// lower bound: the measured P* of the paper's problem lies at ≈ 1.5× it); deeper networks, which have no LDT here,
/// are anchored on a pilot scan: P = α d at the smallest d for α in <see cref="PilotAlphas"/>, two training sets,
/// whose A_f = 0.1 crossing P_pilot gives P_a(d) = P_pilot (d/d₀)^k with the predicted exponent k.
/// <see cref="ForBudget"/> picks the widest d range that fits a time budget.
/// </summary>
/// <param name="Dims">Input dimensions d (at least 3, spanning at least 2×).</param>
/// <param name="Ratios">P = ratio × P_a(d), the anchor (the LDT's P*, or the pilot's).</param>
/// <param name="Seeds">Training sets (teacher, data, initialisation) per (d, P).</param>
/// <param name="Chains">Chains per run.</param>
/// <param name="BurninPerD">Burn-in steps per unit of d.</param>
/// <param name="StepsPerD">Sampling steps per unit of d.</param>
/// <param name="MaxStepsFactor">Extension cap, in multiples of the steps.</param>
/// <param name="RhatTarget">Runs are extended while A_f's split-R̂ is above this.</param>
/// <param name="Thin">Measure every this many steps.</param>
/// <param name="TestPoints">Test-set size.</param>
/// <param name="RefineRounds">Rounds of adaptive refinement after the grid.</param>
/// <param name="RefineHalfWidth">Sizes whose P* interval is this tight (relative half-width) are not refined.</param>
public sealed record VerifyDesign(int[] Dims, double[] Ratios, int[] Seeds, int Chains = 4, int BurninPerD = 40,
    int StepsPerD = 80, int MaxStepsFactor = 4, double RhatTarget = 1.05, int Thin = 20, int TestPoints = 2000,
    int RefineRounds = 1, double RefineHalfWidth = 0.05)
{
    /// <summary>
    /// The d values a budget may choose from (the smallest three always; larger ones while they fit).
    /// </summary>
    public static readonly int[] DimLadder = [16, 24, 32, 48, 64, 96, 128];

    /// <summary>The ladder for a problem: <see cref="DimLadder"/>, each moved to the nearest size it can build.
    /// </summary>
    public static int[] LadderFor(VerifiableProblem problem) =>
        DimLadder.Select(problem.NearestValidSize).Distinct().Order().ToArray();

    /// <summary>The grid's multiples of the LDT's P*: 1, √2, 2.</summary>
    public static readonly double[] DefaultRatios = [1, 1.41, 2];

    /// <summary>The grid's multiples of a pilot's P* (an estimate, not a bound): 1/√2, 1, √2.</summary>
    public static readonly double[] PilotRatios = [0.71, 1, 1.41];

    /// <summary>The pilot scan's P/d at the smallest d.</summary>
    public static readonly double[] PilotAlphas = [4, 8, 16, 32, 64];

    /// <summary>
    /// The pilot's P/d for parity: 1 … 16 (noisy 2-parity, ReLU, N = d = 16, κ = 0.05: test accuracy 0.78 at P = 4d).
    /// </summary>
    public static readonly double[] ParityPilotAlphas = [1, 2, 4, 8, 16];

    /// <summary>The pilot's P/d for a problem.</summary>
    public static double[] PilotAlphasFor(VerifiableProblem problem) =>
        problem.IsParity ? ParityPilotAlphas : PilotAlphas;

    /// <summary>P/d assumed at the smallest d before the pilot has run (for the budget's cost estimate only).</summary>
    public const double PilotGuessAlpha = 16;

    /// <summary>The guessed P/d for a problem: 16, or 4 for parity.</summary>
    public static double PilotGuessAlphaFor(VerifiableProblem problem) => problem.IsParity ? 4 : PilotGuessAlpha;

    /// <summary>The ratios a problem's grid uses by default.</summary>
    public static double[] RatiosFor(VerifiableProblem problem) => problem.HasLdt ? DefaultRatios : PilotRatios;

    /// <summary>The pilot's training sets: the design's first two.</summary>
    public int[] PilotSeeds => Seeds[..Math.Min(2, Seeds.Length)];

    /// <summary>The anchor P_a(d) from a pilot P* at the smallest d and the predicted exponent.</summary>
    public Func<int, double> PilotAnchor(VerifiableProblem problem, double pilotPStar) =>
        d => pilotPStar * Math.Pow((double)d / Dims[0], problem.PStarExponent);

    /// <summary>The anchor the cost estimate assumes: the LDT's P*, or the pilot's guessed one.</summary>
    public Func<int, double> EstimatedAnchor(VerifiableProblem problem) => problem.HasLdt
        ? problem.LdtPStar : PilotAnchor(problem, PilotGuessAlphaFor(problem) * Dims[0]);

    /// <summary>
    /// Expected share of the cost that extensions and refinement add to the grid: a third of the runs near the
    /// transition extend (≈ 2–4×) and a refinement round adds ≈ 30% of the grid (measured on the headline).
    /// </summary>
    public const double OverheadFactor = 1.5;

    /// <summary>
    /// The runs of the grid: (d, width, P, ratio) per point, each run once per seed; P = ratio × anchor(d) (default:
    /// the LDT's P*, which deeper problems do not have: they pass the pilot's anchor).
    /// </summary>
    public IReadOnlyList<(int D, int Width, int P, double Ratio)> Points(VerifiableProblem problem,
        Func<int, double>? anchor = null)
    {
        anchor ??= problem.LdtPStar;
        var list = new List<(int, int, int, double)>();
        foreach (int d in Dims)
        {
            double a = anchor(d);
            foreach (double r in Ratios) list.Add((d, problem.Width(d), Math.Max(2, (int)Math.Round(r * a)), r));
        }
        return list;
    }

    /// <summary>
    /// Work per step of one chain at (d, P): P × (d N1 + N1 N2 …), the forward and backward matrix products (a CNN's
    /// filters see every patch: P × d N as well).
    /// </summary>
    public static double StepUnits(VerifiableProblem problem, int d, double p)
    {
        int[] w = problem.Widths(d);
        double sum = (double)d * w[0];
        for (int l = 1; l < w.Length; l++) sum += (double)w[l - 1] * w[l];
        return p * sum;
    }

    /// <summary>
    /// Work units of the design: chains × (burn-in + steps) × <see cref="StepUnits"/> summed over the grid's runs
    /// (at the estimated anchor) and, for a pilot-anchored problem, the pilot's runs.
    /// </summary>
    public double Units(VerifiableProblem problem)
    {
        double perD = (double)Chains * (BurninPerD + StepsPerD);
        double grid = Points(problem, EstimatedAnchor(problem)).Sum(p =>
            perD * p.D * StepUnits(problem, p.D, p.P) * Seeds.Length);
        if (problem.HasLdt) return grid;
        int d0 = Dims[0];
        return grid + PilotAlphasFor(problem).Sum(a => perD * d0 * StepUnits(problem, d0, a * d0) * PilotSeeds.Length);
    }

    /// <summary>
    /// Estimated wall seconds of the grid alone at a known <paramref name="anchor"/> (after the pilot), with
    /// <see cref="OverheadFactor"/> for extensions and refinement.
    /// </summary>
    public double GridSeconds(VerifiableProblem problem, Func<int, double> anchor, double secondsPerUnit)
    {
        double perD = (double)Chains * (BurninPerD + StepsPerD);
        return Points(problem, anchor).Sum(p => perD * p.D * StepUnits(problem, p.D, p.P) * Seeds.Length)
            * secondsPerUnit * OverheadFactor;
    }

    /// <summary>
    /// This design with its largest sizes dropped while <see cref="GridSeconds"/> exceeds
    /// <paramref name="secondsLeft"/>, keeping at least three (or all, if fewer); never adds sizes.
    /// </summary>
    public VerifyDesign FitToBudget(VerifiableProblem problem, Func<int, double> anchor, double secondsLeft,
        double secondsPerUnit)
    {
        var d = this;
        while (d.Dims.Length > 3 && d.GridSeconds(problem, anchor, secondsPerUnit) > secondsLeft)
            d = d with { Dims = d.Dims[..^1] };
        return d;
    }

    /// <summary>Estimated wall seconds: grid units × seconds per unit × <see cref="OverheadFactor"/>.</summary>
    public double EstimatedSeconds(VerifiableProblem problem, double secondsPerUnit) =>
        Units(problem) * secondsPerUnit * OverheadFactor;

    /// <summary>
    /// The design for a budget: 8 training sets (6 when 8 do not fit three sizes), and the widest d range from
    /// <see cref="DimLadder"/> whose estimate fits; when not even d = 16, 24, 32 with 6 sets fit, that design with
    /// a note that the budget is too small (the run is resumable: a second call finishes it).
    /// </summary>
    public static (VerifyDesign Design, string? Note) ForBudget(VerifiableProblem problem, double budgetSeconds,
        double secondsPerUnit)
    {
        if (!(budgetSeconds > 0)) throw new ConfigException("verify: --budget must be > 0");
        VerifyDesign? best = null;
        int[] ladder = LadderFor(problem);
        foreach (int sets in new[] { 8, 6 })
        {
            for (int n = ladder.Length; n >= 3; n--)
            {
                var design = new VerifyDesign(ladder[..n], RatiosFor(problem), Enumerable.Range(1, sets).ToArray());
                if (design.EstimatedSeconds(problem, secondsPerUnit) <= budgetSeconds) { best = design; break; }
            }
            if (best is not null) break;
        }
        if (best is not null) return (best, null);
        var smallest = new VerifyDesign(ladder[..3], RatiosFor(problem), [1, 2, 3, 4, 5, 6]);
        return (smallest, string.Create(CultureInfo.InvariantCulture,
            $"the budget ({budgetSeconds / 60:0.#} min) is below the smallest design's estimate " +
            $"({smallest.EstimatedSeconds(problem, secondsPerUnit) / 60:0.#} min): running it anyway"));
    }

    /// <summary>Checks the design's numbers and that the problem's trainer can build every size (one line).</summary>
    public void Validate(VerifiableProblem problem)
    {
        Validate();
        foreach (int d in Dims)
            if (!problem.IsValidSize(d))
                throw new ConfigException($"verify: d = {d} is not N_w·S with N_w = {problem.PatchText} = " +
                    $"{problem.Patches(d)} patches; the nearest size that is: {problem.NearestValidSize(d)}");
    }

    /// <summary>Checks the design's numbers (one line on the first bad one).</summary>
    public void Validate()
    {
        if (Dims.Length < 2 || Dims.Any(d => d < 2)) throw new ConfigException("verify: at least two sizes d ≥ 2");
        if (Ratios.Length < 2 || Ratios.Any(r => !(r > 0)))
            throw new ConfigException("verify: at least two P ratios > 0");
        if (Seeds.Length < 2) throw new ConfigException("verify: at least two training sets per point");
        if (Chains < 2 || StepsPerD < 1 || BurninPerD < 0 || Thin < 1 || TestPoints < 1 || MaxStepsFactor < 1)
            throw new ConfigException("verify: chains ≥ 2, steps ≥ 1, burn-in ≥ 0, thin ≥ 1, test points ≥ 1, cap ≥ 1");
    }

    /// <summary>
    /// The design as JSON (design.json); <paramref name="pilotPStar"/> is the pilot's P* for a problem without the
    /// LDT (null before the pilot: the grid is then empty and only the pilot's points are listed).
    /// </summary>
    public JsonObject ToJson(VerifiableProblem problem, double? pilotPStar = null)
    {
        var points = new JsonArray();
        bool pilotFound = pilotPStar is { } pp && double.IsFinite(pp);
        if (problem.HasLdt || pilotFound)
            foreach (var p in Points(problem, pilotFound ? PilotAnchor(problem, pilotPStar!.Value) : null))
                points.Add(new JsonObject
                {
                    ["d"] = p.D, ["width"] = p.Width, ["P"] = p.P, ["ratio_to_ldt"] = p.Ratio,
                });
        var o = new JsonObject
        {
            ["anchor"] = problem.HasLdt ? "ldt" : "pilot",
            ["dims"] = new JsonArray(Dims.Select(d => (JsonNode?)d).ToArray()),
            ["ratios_to_ldt"] = new JsonArray(Ratios.Select(r => (JsonNode?)r).ToArray()),
            ["seeds"] = new JsonArray(Seeds.Select(s => (JsonNode?)s).ToArray()),
            ["chains"] = Chains, ["burnin_per_d"] = BurninPerD, ["steps_per_d"] = StepsPerD,
            ["max_steps_factor"] = MaxStepsFactor, ["rhat_target"] = RhatTarget, ["thin"] = Thin,
            ["test_points"] = TestPoints, ["refine_rounds"] = RefineRounds, ["refine_half_width"] = RefineHalfWidth,
            ["grid"] = points,
        };
        if (!problem.HasLdt)
        {
            o["pilot"] = new JsonObject
            {
                ["d"] = Dims[0],
                ["alphas"] = new JsonArray(PilotAlphasFor(problem).Select(a => (JsonNode?)a).ToArray()),
                ["seeds"] = new JsonArray(PilotSeeds.Select(x => (JsonNode?)x).ToArray()),
                ["pstar"] = pilotPStar is { } v && double.IsFinite(v) ? v : null,
            };
        }
        return o;
    }

    /// <summary>Reads a design.json written by <see cref="ToJson"/> (the grid points are recomputed).</summary>
    public static VerifyDesign Read(string path)
    {
        JsonObject o;
        try
        {
            o = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ConfigException($"{path}: not an object");
        }
        catch (System.Text.Json.JsonException e) { throw new ConfigException($"{path}: {e.Message.Split('\n')[0]}"); }
        T Get<T>(string k) => o[k] is { } n ? n.GetValue<T>()
            : throw new ConfigException($"{path}: '{k}' is missing (delete the file to design anew)");
        int[] Ints(string k) => (o[k] as JsonArray ?? throw new ConfigException($"{path}: '{k}' is missing"))
            .Select(n => n!.GetValue<int>()).ToArray();
        var d = new VerifyDesign(Ints("dims"),
            (o["ratios_to_ldt"] as JsonArray ?? throw new ConfigException($"{path}: 'ratios_to_ldt' is missing"))
                .Select(n => n!.GetValue<double>()).ToArray(),
            Ints("seeds"), Get<int>("chains"), Get<int>("burnin_per_d"), Get<int>("steps_per_d"),
            Get<int>("max_steps_factor"), Get<double>("rhat_target"), Get<int>("thin"), Get<int>("test_points"),
            Get<int>("refine_rounds"), Get<double>("refine_half_width"));
        d.Validate();
        return d;
    }
}
