using FeatureScale.Activations;

namespace FeatureScale.Theory;

/// <summary>Inputs of the exact two-layer LDT (App. B.3, Eqs. 34–40), generalised to any activation and degree.</summary>
/// <param name="Activation">σ: erf (closed form), relu (closed form), tanh (quadrature).</param>
/// <param name="Target">y = c_m He_m(w_*·x) with its normalisation.</param>
/// <param name="D">Input dimension d.</param>
/// <param name="N">Hidden width N.</param>
/// <param name="Kappa">Ridge κ (= Langevin temperature).</param>
/// <param name="Alpha">Alignment level α of the rare event A_f ≥ α.</param>
/// <param name="Sigma1Squared">First-layer prior variance σ₁² (w ~ N(0, σ₁² I/d)).</param>
/// <param name="Sigma2Squared">Read-out prior variance σ₂² (a ~ N(0, σ₂²/N)).</param>
/// <param name="Alignment">Normalisation of A_f.</param>
public sealed record LdtConfig(
    Activation Activation, HermiteTarget Target, int D, int N, double Kappa = 1, double Alpha = 1,
    double Sigma1Squared = 1, double Sigma2Squared = 1, AlignmentConvention Alignment = AlignmentConvention.Inner);
