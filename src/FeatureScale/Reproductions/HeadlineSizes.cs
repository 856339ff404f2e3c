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
public sealed record HeadlineSizes(int[] Dims, double[] Alphas, int[] Seeds, int CountD, double[] WidthRatios,
    int Chains, int BurninPerAlpha, int StepsPerAlpha, int Thin, int TestPoints)
{
    /// <summary>≤ 5 minutes on 2 cores (about 2–3 on a busy machine).</summary>
    public static HeadlineSizes Quick { get; } = new([8, 12, 16, 24], [6, 8, 11, 16, 22, 32], [1, 2, 3], 12, [1, 2, 4, 8], 4, 100, 200, 20, 2000);

    /// <summary>Approaching the paper's sizes (Fig. 2: d up to 80, N = d, d = 40 for the counts); hours, resumable.</summary>
    public static HeadlineSizes Full { get; } = new([10, 20, 40, 80], [5, 7, 10, 14, 20, 28, 40], [1, 2, 3], 40, [1, 2, 4, 8, 16], 8, 200, 400, 50, 10000);

    /// <summary>The sizes of a mode.</summary>
    public static HeadlineSizes For(ReproductionMode mode) => mode == ReproductionMode.Full ? Full : Quick;

    /// <summary>The trainer settings shared by every run (a JSON object of TrainConfig fields).</summary>
    public JsonObject TrainBase() => new()
    {
        ["activation"] = "erf", ["target"] = "h3", ["depth"] = 2, ["kappa"] = 1.0, ["sigma2"] = 1.0,
        ["chains"] = Chains, ["thin"] = Thin, ["test_points"] = TestPoints,
    };
}
