namespace FeatureScale.Theory.Adaptive;

/// <summary>The (α, β) scaling families of 2310.03789 Table 1 (Eqs. 11 and 14).</summary>
public static class ScalingFamily
{
    /// <summary>Polynomial regression: N→βN, d→√β d, σ_a²→σ_a²/√β, σ²→(α/β)σ², n→αn (u invariant).</summary>
    public static CubicTeacherParameters Polynomial(CubicTeacherParameters p, double alpha, double beta) => p with
    {
        Width = beta * p.Width, Dimension = Math.Sqrt(beta) * p.Dimension, SigmaA2 = p.SigmaA2 / Math.Sqrt(beta),
        Sigma2 = alpha / beta * p.Sigma2, Samples = alpha * p.Samples,
    };

    /// <summary>Modular theory: N→β²N, P→√β P, σ_a²→σ_a²/β, σ²→σ²/β (u = 2σ_a²P²/(Nσ⁴) invariant).</summary>
    public static ModularParameters Modular(ModularParameters p, double beta) => p with
    {
        Width = beta * beta * p.Width, Modulus = Math.Sqrt(beta) * p.Modulus, SigmaA2 = p.SigmaA2 / beta, Sigma2 = p.Sigma2 / beta,
    };
}
