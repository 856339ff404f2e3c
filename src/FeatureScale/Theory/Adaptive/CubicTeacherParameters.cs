namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// Parameters of the cubic teacher–student model of 2310.03789 §3.1: y = He₁(z) + ε He₃(z), z = w*·x, erf student of
/// width N, n Gaussian inputs in d dimensions, priors w ~ N(0, σ_w²/d), a ~ N(0, σ_a²/N), noise σ².
/// Defaults are the paper's Fig. 2 setting at α = β = 1.
/// </summary>
public sealed record CubicTeacherParameters(
    double Width = 700, double Samples = 3000, double Dimension = 150, double SigmaW2 = 0.5,
    double SigmaA2 = 8.0 / 700, double Epsilon = -0.3, double Sigma2 = 0.18)
{
    /// <summary>Effective interaction u = n²σ_a²/(σ⁴ d N) (invariant under the (α, β) family).</summary>
    public double Interaction => CubicTeacher.Interaction(Samples, Width, Dimension, SigmaA2, Sigma2);
    /// <summary>The EK ridge σ²/n.</summary>
    public double Ridge => Sigma2 / Samples;
    /// <summary>Throws a ConfigException for unphysical values.</summary>
    public CubicTeacherParameters Validated()
    {
        if (!(Width > 0 && Samples > 0 && Dimension > 0 && SigmaW2 > 0 && SigmaA2 > 0 && Sigma2 > 0))
            throw new ConfigException("cubic teacher: N, n, d, sigma_w^2, sigma_a^2 and sigma^2 must be positive");
        return this;
    }
}
