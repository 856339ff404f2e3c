using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Kernels;

/// <summary>
/// Empirical (finite-width) kernels of one network layer for given weights, Eq. 8:
/// K̃(x, x′) = (σ²/N) Σ_i σ(h_i(x)) σ(h_i(x′)) on P′ inputs.
/// </summary>
public static class EmpiricalKernel
{
    /// <summary>Features F = σ(X Wᵀ) (P×N) of inputs X (P×din) through weights W (N×din), no scaling.</summary>
    public static double[] Features(ReadOnlySpan<double> x, int p, int din, ReadOnlySpan<double> w, int n, Activation activation)
    {
        var f = new double[p * n];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, p, n, din, 1, x, din, w, din, 0, f, n);
        activation.Apply(f, f);
        return f;
    }

    /// <summary>K = (σ²/N) F Fᵀ (P×P) from a feature matrix F (P×N).</summary>
    public static double[] FromFeatures(ReadOnlySpan<double> f, int p, int n, double sigma2 = 1)
    {
        var k = new double[p * p];
        LinearAlgebra.Provider.Syrk(Transpose.No, p, n, sigma2 / n, f, n, 0, k, p);
        return k;
    }

    /// <summary>The post-activation kernel (σ²/N) σ(XWᵀ) σ(XWᵀ)ᵀ of one layer.</summary>
    public static double[] PostActivation(ReadOnlySpan<double> x, int p, int din, ReadOnlySpan<double> w, int n, Activation activation, double sigma2 = 1) =>
        FromFeatures(Features(x, p, din, w, n, activation), p, n, sigma2);

    /// <summary>
    /// Draws a random depth-L network of the given hidden widths with W^l ~ N(0, σ_l²/N_{l−1}) and returns its
    /// empirical output kernel on the rows of x (Monte-Carlo estimate of the NNGP kernel with O(1/√N) error).
    /// </summary>
    public static double[] RandomNetwork(ReadOnlySpan<double> x, int p, int d, NngpKernel kernel, IReadOnlyList<int> widths, RandomStream rng)
    {
        if (widths.Count != kernel.Depth - 1) throw new ArgumentException("need one hidden width per hidden layer (depth − 1)");
        var h = x.ToArray();
        int din = d;
        double scale = Math.Sqrt(kernel.Sigma2[0] / d);
        for (int l = 0; l < widths.Count; l++)
        {
            int n = widths[l];
            var w = new double[n * din];
            rng.FillGaussian(w, 0, scale);
            var f = Features(h, p, din, w, n, kernel.Activation);
            h = f; din = n;
            scale = Math.Sqrt(kernel.Sigma2[l + 1] / n);
        }
        if (kernel.Depth == 1) { var k1 = new double[p * p]; LinearAlgebra.Provider.Syrk(Transpose.No, p, d, kernel.Sigma2[0] / d, x, d, 0, k1, p); return k1; }
        return FromFeatures(h, p, din, kernel.Sigma2[^1]);
    }
}
