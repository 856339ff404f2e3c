namespace FeatureScale.Theory.Adaptive;

/// <summary>How averages over a single-neuron (order-parameter) density are evaluated; every solver reports it.</summary>
public enum AveragingMethod
{
    /// <summary>Gaussian saddle points: a mixture of Gaussians at the local minima of the action, Laplace weights
    /// e^{−S_k}√(2π/S''_k) (at large prefactor only the degenerate global minima survive) — the papers' method.</summary>
    Saddle,
    /// <summary>Exact quadrature of the order-parameter integral at finite prefactor (d or P).</summary>
    Quadrature,
    /// <summary>Monte-Carlo (Metropolis–Hastings) sampling of the order-parameter density.</summary>
    MonteCarlo,
    /// <summary>Exact 2-D quadrature over (q, |w⊥|²) of the finite-d action before the norm-concentration step
    /// (cubic teacher only: 2310.03789 App. A.2 Eq. 7 with the χ²_{d−1} measure of |w⊥|²).</summary>
    QuadratureFullNorm,
}
