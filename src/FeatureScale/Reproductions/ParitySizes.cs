using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of Fig. 7 (two-layer ReLU network, noisy 2-parity, cross-entropy; App. E.2): widths N at fixed d and P.
/// The automatic step size is η = 0.1/λ_max with λ_max ∝ N P (the collective read-out mode), so burn-in and
/// sampling steps scale ∝ N to give every width the same Langevin time.
/// </summary>
public sealed record ParitySizes(int D, int P, double Kappa, double Noise, int[] Widths, int Chains, int BurninPerWidth, int StepsPerWidth, int SamplesPerChain, int TestPoints)
{
    /// <summary>≈ 1–2 minutes on 2 cores.</summary>
    public static ParitySizes Quick { get; } = new(8, 200, 0.05, 0.1, [8, 16, 32, 64, 128, 256], 4, 200, 400, 100, 1000);

    /// <summary>Larger d, widths and chains, longer chains; resumable.</summary>
    public static ParitySizes Full { get; } = new(16, 400, 0.05, 0.1, [16, 32, 64, 128, 256, 512, 1024], 8, 1000, 4000, 400, 5000);

    /// <summary>The sizes of a mode.</summary>
    public static ParitySizes For(ReproductionMode mode) => mode == ReproductionMode.Full ? Full : Quick;

    /// <summary>The run at width N.</summary>
    public TrainConfig Config(int width) => new()
    {
        Task = "parity", Activation = "relu", D = D, Width = width, P = P, Kappa = Kappa, ParityNoise = Noise,
        Chains = Chains, Burnin = BurninPerWidth * width, Steps = StepsPerWidth * width, Thin = Math.Max(1, StepsPerWidth * width / SamplesPerChain),
        TestPoints = TestPoints, HistogramBins = 40, Seed = 1,
    };
}
