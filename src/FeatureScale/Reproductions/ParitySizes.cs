using FeatureScale.Experiments;
using FeatureScale.Sampling;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of Fig. 7 (two-layer ReLU network, noisy 2-parity, cross-entropy; App. E.2): widths N at fixed d and P.
/// The automatic step size is ∝ 1/λ_max with λ_max ∝ N P (the collective read-out mode), so burn-in and
/// sampling steps scale ∝ N to give every width the same Langevin time.
/// </summary>
public sealed record ParitySizes(int D, int P, double Kappa, double Noise, int[] Widths, int Chains, int BurninPerWidth,
    int StepsPerWidth, int SamplesPerChain, int TestPoints)
{
    /// <summary>Training-set seeds per width (independent data sets; the analysis resamples them).</summary>
    public int[] Seeds { get; init; } = [1];
    /// <summary>
    /// The sampler: BAOAB in every mode (d = 8, P = 200, N = 64: ULA's chains had split-R̂ 2.16 after (200 + 400)·N
    /// steps, BAOAB's 1.01 after a quarter of them; docs/samplers.md).
    /// </summary>
    public SamplerSettings Sampler { get; init; } = new() { Name = "baoab" };
    /// <summary>Extend chains until the primary observable's split-R̂ is at most this (up to 8 × steps); null: off.
    /// </summary>
    public double? RhatTarget { get; init; }
    /// <summary>The mode's name in verdict lines.</summary>
    public string Label { get; init; } = "quick";

    /// <summary>≈ 1–2 minutes on 2 cores.</summary>
    public static ParitySizes Quick { get; } =
        new(8, 200, 0.05, 0.1, [8, 16, 32, 64, 128, 256], 4, 50, 100, 100, 1000);

    /// <summary>
    /// ≈ 10 minutes on 2 cores: Full's d and P, widths up to 256, 3 training sets (at d = 16, P = 400, N = 256 BAOAB
    /// reached split-R̂ 1.01 in (50 + 100)·N steps, where ULA at 4× the steps is near 2), extended to R̂ 1.05.
    /// </summary>
    public static ParitySizes Standard { get; } = new(16, 400, 0.05, 0.1, [16, 32, 64, 128, 256], 4, 50, 100, 100, 2000)
    {
        Seeds = [1, 2, 3], RhatTarget = 1.05, Label = "standard",
    };

    /// <summary>Larger d, widths and chains, longer chains; resumable.</summary>
    public static ParitySizes Full { get; } =
        new(16, 400, 0.05, 0.1, [16, 32, 64, 128, 256, 512, 1024], 8, 250, 1000, 400, 5000)
        {
            Seeds = [1, 2, 3, 4, 5, 6], RhatTarget = 1.05, Label = "full",
        };

    /// <summary>The sizes of a mode.</summary>
    public static ParitySizes For(ReproductionMode mode) => mode switch
    {
        ReproductionMode.Full => Full, ReproductionMode.Standard => Standard, _ => Quick,
    };

    /// <summary>The run at width N (seed 1 unless given).</summary>
    public TrainConfig Config(int width, int seed = 1) => new()
    {
        Task = "parity", Activation = "relu", D = D, Width = width, P = P, Kappa = Kappa, ParityNoise = Noise,
        Chains = Chains, Burnin = BurninPerWidth * width, Steps = StepsPerWidth * width,
        Thin = Math.Max(1, StepsPerWidth * width / SamplesPerChain), TestPoints = TestPoints, HistogramBins = 40,
        Seed = (ulong)seed, Sampler = Sampler, RhatTarget = RhatTarget,
    };

    /// <summary>The run's key in the store: N{width}, with _seed{seed} when there are several seeds.</summary>
    public string Key(int width, int seed) => Seeds.Length == 1 && seed == 1 ? $"N{width}" : $"N{width}_seed{seed}";
}
