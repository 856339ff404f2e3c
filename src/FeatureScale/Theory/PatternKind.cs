namespace FeatureScale.Theory;

/// <summary>Per-layer feature-learning pattern kinds (§3.4).</summary>
public enum PatternKind
{
    /// <summary>Lazy: q = N(0, K_{l−1}), Δ = 0.</summary>
    GP,
    /// <summary>Gaussian feature learning: variance of Φ boosted by D; Δ ∝ N_l D; Φ^n boosted by D^n downstream.</summary>
    GFL,
    /// <summary>M neurons specialise on Φ (μ = 1): Δ = M·R(Φ); rule 1: R_l = N_l/M for features in σ(Φ).</summary>
    MSp,
    /// <summary>All N_l neurons magnetise, μ = ±√(β/N_l): Δ = β·R(Φ); R_l = N_l/β.</summary>
    Mag,
    /// <summary>≈1 neuron with magnitude μ: Δ = μ²·R(Φ); R_l = N_l/μ².</summary>
    MuSp,
}
