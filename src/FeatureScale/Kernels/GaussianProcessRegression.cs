using FeatureScale.Numerics;

namespace FeatureScale.Kernels;

/// <summary>
/// GP regression with the NNGP prior and ridge κ (the posterior of Eq. 2 at infinite width, κ = Langevin
/// temperature): f̄(x*) = k*ᵀ (K + κI)⁻¹ y, Var f(x*) = K(x*, x*) − k*ᵀ (K + κI)⁻¹ k*, by a Cholesky factor.
/// </summary>
public sealed class GaussianProcessRegression
{
    private readonly double[] _factor;
    private readonly double[] _alpha;
    private readonly double[] _x;

    /// <summary>Fits on the rows of x (P×d) with targets y and ridge κ ≥ 0 (κ = 0 interpolates; needs K positive definite).</summary>
    public GaussianProcessRegression(NngpKernel kernel, ReadOnlySpan<double> x, int p, int d, ReadOnlySpan<double> y, double kappa)
    {
        if (kappa < 0) throw new ConfigException("ridge kappa must be ≥ 0");
        if (y.Length != p) throw new ArgumentException("need one target per training point");
        Kernel = kernel; P = p; D = d; Kappa = kappa;
        _x = x[..(p * d)].ToArray();
        _factor = kernel.Gram(x, p, d);
        for (int i = 0; i < p; i++) _factor[i * p + i] += kappa;
        LinearAlgebra.Provider.CholeskyFactor(_factor, p);
        _alpha = y.ToArray();
        LinearAlgebra.Provider.CholeskySolve(_factor, p, _alpha, 1);
    }

    /// <summary>The prior kernel.</summary>
    public NngpKernel Kernel { get; }

    /// <summary>Training points.</summary>
    public int P { get; }

    /// <summary>Input dimension.</summary>
    public int D { get; }

    /// <summary>Ridge κ.</summary>
    public double Kappa { get; }

    /// <summary>(K + κI)⁻¹ y.</summary>
    public ReadOnlySpan<double> Weights => _alpha;

    /// <summary>Posterior mean at the rows of xTest (n×d).</summary>
    public double[] Mean(ReadOnlySpan<double> xTest, int n)
    {
        var kx = Kernel.CrossGram(xTest, n, _x, P, D);
        var mean = new double[n];
        LinearAlgebra.Provider.Gemv(Transpose.No, n, P, 1, kx, P, _alpha, 0, mean);
        return mean;
    }

    /// <summary>Posterior mean and variance at the rows of xTest (n×d).</summary>
    public (double[] Mean, double[] Variance) Predict(ReadOnlySpan<double> xTest, int n)
    {
        var kx = Kernel.CrossGram(xTest, n, _x, P, D); // n×P
        var mean = new double[n];
        LinearAlgebra.Provider.Gemv(Transpose.No, n, P, 1, kx, P, _alpha, 0, mean);
        // Var_i = K(x*_i, x*_i) − k_iᵀ (K + κI)⁻¹ k_i: one LAPACK solve for all test points (B = kxᵀ, P×n).
        var b = new double[P * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < P; j++) b[j * n + i] = kx[i * P + j];
        var kt = (double[])b.Clone();
        LinearAlgebra.Provider.CholeskySolve(_factor, P, b, n);
        var variance = Kernel.Diagonal(xTest, n, D);
        var prod = new double[n];
        for (int j = 0; j < P; j++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(kt.AsSpan(j * n, n), b.AsSpan(j * n, n), prod);
            System.Numerics.Tensors.TensorPrimitives.Subtract(variance, prod, variance);
        }
        for (int i = 0; i < n; i++) variance[i] = Math.Max(variance[i], 0);
        return (mean, variance);
    }
}
