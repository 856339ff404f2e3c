using FeatureScale.Experiments;

namespace FeatureScale.Reproductions;

/// <summary>
/// Sizes of the linear-network figure of 2502.03210 (train/test discrepancies vs χ). The paper's "Ising" data (its
/// App. C.3) were not retrievable: a unit-norm linear teacher on Gaussian inputs stands in for them.
/// </summary>
/// <param name="D">Input dimension d.</param>
/// <param name="N">Training points n.</param>
/// <param name="Width">Hidden width N.</param>
/// <param name="TestPoints">Test points.</param>
/// <param name="Gv">g_v (first-layer prior g_v/d).</param>
/// <param name="Gw">g_w (read-out prior g_w/(χN)).</param>
/// <param name="Kappa">κ (likelihood noise κ/χ).</param>
/// <param name="ChiMin">Smallest χ of the theory curves.</param>
/// <param name="ChiMax">Largest χ of the theory curves.</param>
/// <param name="ChiPoints">Points of the theory curves (log-spaced).</param>
/// <param name="LangevinChi">χ values sampled by Langevin ensembles.</param>
/// <param name="Ensemble">Run lengths of each ensemble.</param>
public sealed record LinearChiSizes(int D, int N, int Width, int TestPoints, double Gv, double Gw, double Kappa, double ChiMin, double ChiMax, int ChiPoints,
    double[] LangevinChi, LinearChiEnsembleOptions Ensemble)
{
    /// <summary>≈ 1 minute on 2 cores.</summary>
    public static LinearChiSizes Quick { get; } = new(8, 16, 8, 400, 1, 1, 0.2, 0.1, 100, 41, [1, 2.83, 8, 32],
        new LinearChiEnsembleOptions(Chains: 12, Burnin: 20000, Steps: 100000, Thin: 20, Seed: 1, StepFraction: 0.02));

    /// <summary>Larger network and data, more and longer chains; resumable (each χ is cached).</summary>
    public static LinearChiSizes Full { get; } = new(30, 60, 30, 2000, 1, 1, 0.2, 0.1, 300, 61, [0.3, 1, 3, 10, 30, 100, 300],
        new LinearChiEnsembleOptions(Chains: 32, Burnin: 50000, Steps: 500000, Thin: 50, Seed: 1, StepFraction: 0.02));

    /// <summary>The sizes of a mode.</summary>
    public static LinearChiSizes For(ReproductionMode mode) => mode == ReproductionMode.Full ? Full : Quick;

    /// <summary>
    /// Run lengths at χ: burn-in and steps × max(1, χ/N). The slowest mode is the motion along the rescaling orbit
    /// (a, W) → (ca, W/c), driven only by the priors, at rate ≈ κ_eff d/g_v = κd/(χ g_v): it slows down ∝ χ, while the
    /// step size is set by the (χ-independent at fixed u) data curvature.
    /// </summary>
    public LinearChiEnsembleOptions EnsembleAt(double chi)
    {
        double f = Math.Max(1, chi / Width);
        return Ensemble with { Burnin = (int)Math.Round(Ensemble.Burnin * f), Steps = (int)Math.Round(Ensemble.Steps * f), Thin = (int)Math.Round(Ensemble.Thin * f) };
    }
}
