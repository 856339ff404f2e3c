namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// Modular-addition model of 2310.03789 §3.2: square activation, two-hot inputs in ℝ^{2P}, P outputs, centred
/// targets δ_{p,(n+m) mod P} − 1/P (Eq. 4), unit input-weight prior, readout variance σ_a²/N, non-linear weight
/// decay Γ = Σ_k P(γ/6)(|w_k|⁶ + |v_k|⁶). Defaults: the paper's Fig. 3 (N = 1000, P = 401, σ_a² = 0.002/N, γ = 1e-4).
/// </summary>
public sealed record ModularParameters(double Width = 1000, double Modulus = 401, double SigmaA2 = 0.002 / 1000, double Gamma = 1e-4, double Sigma2 = 0.2)
{
    /// <summary>u = 2σ_a²P²/(Nσ⁴).</summary>
    public double Interaction => 2 * SigmaA2 * Modulus * Modulus / (Width * Sigma2 * Sigma2);
    /// <summary>Throws a ConfigException for unphysical values.</summary>
    public ModularParameters Validated()
    {
        if (!(Width > 0 && Modulus > 1 && SigmaA2 > 0 && Gamma > 0 && Sigma2 > 0))
            throw new ConfigException("modular: N, P > 1, sigma_a^2, gamma and sigma^2 must be positive");
        return this;
    }
}
