using System.Text.Json.Nodes;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of the headline study (two-layer erf network on h_3, arXiv 2512.04165 Fig. 2b/2c) for one mode.
/// </summary>
/// <param name="Dims">Input dimensions d of the P* sweep (N = d).</param>
/// <param name="Alphas">P = α·d grid of the P* sweep (geometric, around the LDT's P*/d ≈ 12).</param>
/// <param name="Seeds">Independent seeds (teacher, data, initialisation) per (d, P): the bootstrap resamples them.</param>
/// <param name="CountD">d of the specialised-count sweep (Fig. 2c; P = 40d).</param>
/// <param name="WidthRatios">N/d of the specialised-count sweep.</param>
/// <param name="Chains">Chains per run.</param>
/// <param name="BurninPerAlpha">Burn-in steps per chain per unit of α = P/d. The automatic step size is
/// η = 0.1/λ_max with λ_max ∝ P, so steps ∝ α give every run the same Langevin time at a given d (∝ 1/d, the
/// first-layer prior relaxation time).</param>
/// <param name="StepsPerAlpha">Sampling steps per chain per unit of α.</param>
/// <param name="Thin">Measure every this many steps.</param>
/// <param name="TestPoints">Test-set size.</param>
/// <param name="Sampler">The trainer's sampler: "ula" runs BurninPerAlpha·α + StepsPerAlpha·α steps (its step
/// η ∝ 1/P); any other (baoab: step ∝ 1/√λ_max, far faster mixing, docs/samplers.md) runs BurninPerD·d +
/// StepsPerD·d steps, as the specialised state takes longer to nucleate at larger d.</param>
/// <param name="BurninPerD">Burn-in steps per chain per unit of d when the sampler is not ula.</param>
/// <param name="StepsPerD">Sampling steps per chain per unit of d when the sampler is not ula.</param>
/// <param name="RhatTarget">Runs whose A_f split-R̂ is above this are extended (doubled, then doubled again …)
/// up to <paramref name="MaxStepsFactor"/> × their steps; null: fixed lengths.</param>
/// <param name="MaxStepsFactor">The cap of an extension, in multiples of a run's steps.</param>
/// <param name="RefineRounds">Rounds of adaptive refinement of the α grid after the first sweep
/// (<see cref="Analysis.PStarRefinement"/>); 0: the grid only.</param>
/// <param name="RefineHalfWidth">A size whose P* interval has a relative half-width at or below this is not
/// refined.</param>
public sealed record HeadlineSizes(int[] Dims, double[] Alphas, int[] Seeds, int CountD, double[] WidthRatios,
    int Chains, int BurninPerAlpha, int StepsPerAlpha, int Thin, int TestPoints, string Sampler = "ula",
    int BurninPerD = 0, int StepsPerD = 0, double? RhatTarget = null, int MaxStepsFactor = 0,
    int RefineRounds = 0, double RefineHalfWidth = 0.05)
{
    /// <summary>Whether run lengths grow with α (ULA) or are fixed.</summary>
    public bool LengthPerAlpha => Sampler == "ula";

    /// <summary>
    /// The main job: d = 16–48 (N = d) with BAOAB, 8 training sets per point (#13 item 3: ≥ 8 at small d); the α
    /// grid starts at the LDT's lower bound P*/d ≈ 12.5 and rises in steps of √2 (the measured P* lies above the
    /// bound), then one round of adaptive refinement adds α where A_f crosses 0.1; runs with R̂ above 1.05 are
    /// extended up to 8× their length (4× left 4 of 180 runs at d = 48 above 1.1; they are the only ones that go
    /// past it). About 9 minutes on 2 cores (docs/results/ has the measurement).
    /// </summary>
    public static HeadlineSizes Quick { get; } = new([16, 24, 32, 48], [12, 17, 24],
        [1, 2, 3, 4, 5, 6, 7, 8], 12, [1, 2, 4, 8], 4, 0, 0, 20, 2000, "baoab", 40, 80, 1.05, 8, 1);

    /// <summary>Approaching the paper's sizes (Fig. 2: d up to 80, N = d, d = 40 for the counts); hours, resumable.
    /// BAOAB as the main job, at twice its lengths per d, extended up to 8× while R̂ > 1.05 (up to version 0.1 this
    /// mode ran ULA at 200α + 400α steps, which does not mix at d = 40, P = 40d: docs/samplers.md).</summary>
    public static HeadlineSizes Full { get; } = new([10, 20, 40, 80], [5, 7, 10, 14, 20, 28, 40], [1, 2, 3], 40,
        [1, 2, 4, 8, 16], 8, 0, 0, 50, 10000, "baoab", 80, 160, 1.05, 8, 1);

    /// <summary>
    /// Standard mode (#13 item 4): d = 16–64 (a 4× range reaching 64) with the main job's settings (8 training
    /// sets per point, extension up to 8×, one round of adaptive refinement of the α grid); about 30 minutes on
    /// 2 cores.
    /// </summary>
    public static HeadlineSizes Standard { get; } = Quick with
    {
        Dims = [16, 24, 32, 48, 64], Seeds = [1, 2, 3, 4, 5, 6, 7, 8], MaxStepsFactor = 8, RefineRounds = 1,
    };

    /// <summary>The sizes of a mode.</summary>
    public static HeadlineSizes For(ReproductionMode mode) => mode switch
    {
        ReproductionMode.Full => Full,
        ReproductionMode.Standard => Standard,
        _ => Quick,
    };

    /// <summary>The trainer settings shared by every run (a JSON object of TrainConfig fields, the sampler named).
    /// </summary>
    public JsonObject TrainBase()
    {
        var b = new JsonObject
        {
            ["activation"] = "erf", ["target"] = "h3", ["depth"] = 2, ["kappa"] = 1.0, ["sigma2"] = 1.0,
            ["chains"] = Chains, ["thin"] = Thin, ["test_points"] = TestPoints,
        };
        b["sampler"] = new JsonObject { ["name"] = Sampler };
        if (RhatTarget is { } target) b["rhat_target"] = target;
        return b;
    }
}
