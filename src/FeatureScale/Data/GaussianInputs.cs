using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>
/// Gaussian inputs x ~ N(0, Σ) in R^d with Σ = diag(λ_1..λ_d): λ_k = 1 (isotropic, the paper's default) or
/// λ_k = k^{−a} (power-law spectrum, Fig. 6 uses a = 1.1).
/// </summary>
public sealed class GaussianInputs
{
    /// <summary>Input dimension.</summary>
    public int Dimension { get; }
    /// <summary>Power-law exponent a (0 = isotropic).</summary>
    public double PowerLawExponent { get; }
    /// <summary>Covariance eigenvalues λ_k.</summary>
    public double[] Variances { get; }

    /// <summary>Inputs in dimension d with covariance eigenvalues k^{−a}.</summary>
    public GaussianInputs(int d, double powerLawExponent = 0)
    {
        if (d <= 0) throw new ConfigException($"d must be positive (got {d})");
        if (!double.IsFinite(powerLawExponent) || powerLawExponent < 0) throw new ConfigException($"covariance exponent must be ≥ 0 (got {powerLawExponent})");
        Dimension = d; PowerLawExponent = powerLawExponent;
        Variances = Enumerable.Range(1, d).Select(k => Math.Pow(k, -powerLawExponent)).ToArray();
    }

    /// <summary>Draws n inputs (row-major n × d).</summary>
    public double[] Sample(int n, RandomStream rng)
    {
        var x = new double[n * Dimension];
        rng.FillGaussian(x);
        if (PowerLawExponent != 0)
            for (int i = 0; i < n; i++)
                for (int k = 0; k < Dimension; k++) x[i * Dimension + k] *= Math.Sqrt(Variances[k]);
        return x;
    }
}
