using System.Globalization;
using System.Text.Json.Nodes;

namespace FeatureScale.Verification;

/// <summary>
/// The experiment <c>verify</c> runs for a problem: sizes d, a P grid at multiples of the LDT's P*(d) (a lower
/// bound: the measured P* of the paper's problem lies at ≈ 1.5× it), training sets per point, and the main job's
/// chain settings (BAOAB, run lengths ∝ d, extension until split-R̂ ≤ 1.05 up to MaxStepsFactor×, one round of
/// adaptive refinement). <see cref="ForBudget"/> picks the widest d range that fits a time budget.
/// </summary>
/// <param name="Dims">Input dimensions d (at least 3, spanning at least 2×).</param>
/// <param name="Ratios">P = ratio × P*_LDT(d).</param>
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

    /// <summary>The grid's multiples of the LDT's P*: 1, √2, 2.</summary>
    public static readonly double[] DefaultRatios = [1, 1.41, 2];

    /// <summary>
    /// Expected share of the cost that extensions and refinement add to the grid: a third of the runs near the
    /// transition extend (≈ 2–4×) and a refinement round adds ≈ 30% of the grid (measured on the headline).
    /// </summary>
    public const double OverheadFactor = 1.5;

    /// <summary>The runs of the grid: (d, width, P, ratio) per point, each run once per seed.</summary>
    public IReadOnlyList<(int D, int Width, int P, double Ratio)> Points(VerifiableProblem problem)
    {
        var list = new List<(int, int, int, double)>();
        foreach (int d in Dims)
        {
            double ldt = problem.LdtPStar(d);
            foreach (double r in Ratios) list.Add((d, problem.Width(d), (int)Math.Round(r * ldt), r));
        }
        return list;
    }

    /// <summary>
    /// Work units of the design: chains × (burn-in + steps) × P × N × d summed over the grid's runs, the cost of the
    /// forward and backward passes (the first layer's P×d by d×N product dominates).
    /// </summary>
    public double Units(VerifiableProblem problem) => Points(problem).Sum(p =>
        (double)Chains * (BurninPerD + StepsPerD) * p.D * p.P * p.Width * p.D * Seeds.Length);

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
        foreach (int sets in new[] { 8, 6 })
        {
            for (int n = DimLadder.Length; n >= 3; n--)
            {
                var design = new VerifyDesign(DimLadder[..n], DefaultRatios, Enumerable.Range(1, sets).ToArray());
                if (design.EstimatedSeconds(problem, secondsPerUnit) <= budgetSeconds) { best = design; break; }
            }
            if (best is not null) break;
        }
        if (best is not null) return (best, null);
        var smallest = new VerifyDesign(DimLadder[..3], DefaultRatios, [1, 2, 3, 4, 5, 6]);
        return (smallest, string.Create(CultureInfo.InvariantCulture,
            $"the budget ({budgetSeconds / 60:0.#} min) is below the smallest design's estimate " +
            $"({smallest.EstimatedSeconds(problem, secondsPerUnit) / 60:0.#} min): running it anyway"));
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

    /// <summary>The design as JSON (design.json).</summary>
    public JsonObject ToJson(VerifiableProblem problem)
    {
        var points = new JsonArray();
        foreach (var p in Points(problem))
            points.Add(new JsonObject { ["d"] = p.D, ["width"] = p.Width, ["P"] = p.P, ["ratio_to_ldt"] = p.Ratio });
        return new JsonObject
        {
            ["dims"] = new JsonArray(Dims.Select(d => (JsonNode?)d).ToArray()),
            ["ratios_to_ldt"] = new JsonArray(Ratios.Select(r => (JsonNode?)r).ToArray()),
            ["seeds"] = new JsonArray(Seeds.Select(s => (JsonNode?)s).ToArray()),
            ["chains"] = Chains, ["burnin_per_d"] = BurninPerD, ["steps_per_d"] = StepsPerD,
            ["max_steps_factor"] = MaxStepsFactor, ["rhat_target"] = RhatTarget, ["thin"] = Thin,
            ["test_points"] = TestPoints, ["refine_rounds"] = RefineRounds, ["refine_half_width"] = RefineHalfWidth,
            ["grid"] = points,
        };
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
