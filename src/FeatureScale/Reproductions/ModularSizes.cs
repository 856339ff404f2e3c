using FeatureScale.Theory.Adaptive;
using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of the square-activation modular-addition study (2310.03789 §3.2): f_p(x) = Σ_i a_pi (w_i·x)², two-hot
/// inputs in ℝ^{2P}, centred targets (Eq. 4), w_i ~ N(0, I) (σ_1² = 2P over 2P inputs), a_pi ~ N(0, σ_a²/N)
/// (σ_2² = σ_a²), Gaussian likelihood of variance σ² (the Langevin temperature κ = σ²).
/// </summary>
/// <param name="Modulus">The prime P.</param>
/// <param name="Width">Hidden width N.</param>
/// <param name="SigmaA2">Read-out variance σ_a² (per weight σ_a²/N).</param>
/// <param name="Gamma">The theory's sextic weight decay γ (the sampled network has none; see the verdicts).</param>
/// <param name="Sigma2">The noise variances σ² swept.</param>
/// <param name="TrainFraction">Fraction of the P² pairs used for training.</param>
/// <param name="Chains">Chains per σ².</param>
/// <param name="Burnin">Burn-in steps per chain.</param>
/// <param name="Steps">Measured steps per chain.</param>
/// <param name="Thin">Measure every this many steps.</param>
/// <param name="CheckWidths">Widths of the finite-width check at <paramref name="CheckSigma2"/> (Δ_train → GP as N → ∞).</param>
/// <param name="CheckSigma2">σ² of the width check.</param>
public sealed record ModularSizes(int Modulus, int Width, double SigmaA2, double Gamma, double[] Sigma2, double TrainFraction, int Chains, int Burnin, int Steps, int Thin,
    int[] CheckWidths, double CheckSigma2)
{
    /// <summary>≈ 1–2 minutes on 2 cores: P = 7, N = 24 — far from the theory's large-P, large-N limit.</summary>
    public static ModularSizes Quick { get; } = new(7, 24, 1, 1e-4, [16, 8, 4, 2, 1, 0.5], 0.8, 4, 20000, 80000, 200, [12, 24, 48], 4);

    /// <summary>The paper's Fig. 3 size (N = 1000, P = 401, σ_a² = 0.002/N as in <see cref="ModularParameters"/>, γ = 1e-4,
    /// σ² across both transitions). A Langevin step costs seconds here (P² = 160801 inputs of dimension 802): days, resumable.</summary>
    public static ModularSizes Full { get; } = new(401, 1000, 0.002 / 1000, 1e-4, [0.3, 0.25, 0.227, 0.2, 0.175, 0.15], 0.9, 2, 20000, 100000, 1000, [], 0.2);

    /// <summary>The sizes of a mode.</summary>
    public static ModularSizes For(ReproductionMode mode) => mode == ReproductionMode.Full ? Full : Quick;

    /// <summary>The trainer configuration at noise σ² (and width N, default <see cref="Width"/>).</summary>
    public TrainConfig Config(double sigma2, int? width = null) => new()
    {
        Arch = "fcn", Task = "modadd", Activation = "square", Modulus = Modulus, TrainFraction = TrainFraction, Width = width ?? Width,
        Sigma2Layers = [2.0 * Modulus, SigmaA2], Kappa = sigma2, Loss = "mse", Chains = Chains, Burnin = Burnin, Steps = Steps, Thin = Thin, Seed = 1,
        // ULA, as up to version 0.1: its run lengths are sized in ULA steps (∝ N) and BAOAB is not measured here
        Sampler = new Sampling.SamplerSettings { Name = "ula" },
    };
}
