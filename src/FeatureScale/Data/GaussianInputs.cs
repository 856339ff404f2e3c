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

/// <summary>A data set: inputs X (Count × Dimension, row-major), targets y, and Φ* = w*·x per point.</summary>
public sealed record Dataset(double[] X, double[] Y, double[] Phi, int Count, int Dimension)
{
    /// <summary>Draws n points from the inputs and labels them with the teacher.</summary>
    public static Dataset Draw(GaussianInputs inputs, Teacher teacher, int n, RandomStream rng)
    {
        if (n < 1) throw new ConfigException($"a data set needs at least one point (got {n})");
        int d = inputs.Dimension;
        if (teacher.Direction.Length != d) throw new ArgumentException("teacher direction and inputs differ in dimension");
        var x = inputs.Sample(n, rng);
        var y = new double[n]; var phi = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = 0;
            for (int k = 0; k < d; k++) z += x[i * d + k] * teacher.Direction[k];
            phi[i] = z; y[i] = teacher.Evaluate(z);
        }
        return new Dataset(x, y, phi, n, d);
    }

    /// <summary>Inputs converted to the working precision.</summary>
    public T[] XAs<T>() where T : unmanaged, System.Numerics.INumberBase<T> => X.Select(T.CreateTruncating).ToArray();

    /// <summary>Targets converted to the working precision.</summary>
    public T[] YAs<T>() where T : unmanaged, System.Numerics.INumberBase<T> => Y.Select(T.CreateTruncating).ToArray();
}
