using FeatureScale.Numerics;

namespace FeatureScale.Kernels;

/// <summary>
/// The GP kernel of the softmax attention head of Eq. 14/82 with prior A_h ~ N(0, I/d²) entry-wise (scale
/// <c>attentionVariance</c>) and w_h ~ N(0, I/(dH)), Eq. 83:
/// K(X, X′) = (dL)⁻¹ Σ_{a,b,a′,b′} (x^b·x′^{b′}) E_A[@_ab(X) @_{a′b′}(X′)] = (dL)⁻¹ E_A[s_A(X)·s_A(X′)],
/// with s_A(X) = Σ_b (Σ_a @_ab(X)) x^b = Xᵀ(@ᵀ1). There is no closed form; it is estimated by Monte Carlo over A.
/// Inputs are L×d matrices (rows x^a), row-major.
/// </summary>
public static class AttentionKernel
{
    /// <summary>s_A(X) = Xᵀ @(X)ᵀ 1 (length d) for one draw of A (d×d).</summary>
    public static double[] Summary(ReadOnlySpan<double> x, int l, int d, ReadOnlySpan<double> a)
    {
        var xa = new double[l * d];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.No, l, d, d, 1, x, d, a, d, 0, xa, d); // X A
        var scores = new double[l * l];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, l, l, d, 1, xa, d, x, d, 0, scores, l); // (X A) Xᵀ: [a,b] = x^a A x^b
        Elementwise.SoftmaxRows(scores, l, l, scores);
        var colSum = new double[l];
        for (int r = 0; r < l; r++)
            for (int b = 0; b < l; b++) colSum[b] += scores[r * l + b];
        var s = new double[d];
        LinearAlgebra.Provider.Gemv(Transpose.Yes, l, d, 1, x, d, colSum, 0, s);
        return s;
    }

    /// <summary>
    /// Estimates K on n inputs (each L×d, concatenated) from <paramref name="samples"/> draws of A, with standard
    /// errors from the sample variance of the per-draw products.
    /// </summary>
    public static KernelEstimate MonteCarlo(IReadOnlyList<double[]> inputs, int l, int d, int samples, RandomStream rng, double? attentionVariance = null)
    {
        if (samples < 2) throw new ConfigException("attention kernel needs at least 2 Monte-Carlo samples");
        int n = inputs.Count;
        double std = Math.Sqrt(attentionVariance ?? 1.0 / ((double)d * d));
        var sum = new double[n * n]; var sum2 = new double[n * n];
        var a = new double[d * d];
        var s = new double[n * d];
        var prod = new double[n * n];
        double scale = 1.0 / (d * (double)l);
        for (int m = 0; m < samples; m++)
        {
            rng.FillGaussian(a, 0, std);
            for (int i = 0; i < n; i++) Summary(inputs[i], l, d, a).CopyTo(s, i * d);
            LinearAlgebra.Provider.Syrk(Transpose.No, n, d, scale, s, d, 0, prod, n);
            for (int k = 0; k < n * n; k++) { sum[k] += prod[k]; sum2[k] += prod[k] * prod[k]; }
        }
        var mean = new double[n * n]; var se = new double[n * n];
        for (int k = 0; k < n * n; k++)
        {
            mean[k] = sum[k] / samples;
            se[k] = Math.Sqrt(Math.Max(sum2[k] / samples - mean[k] * mean[k], 0) / (samples - 1));
        }
        return new KernelEstimate(n, mean, se, samples);
    }

    /// <summary>
    /// f(X) = L^{−1/2} Σ_h Σ_{a,b} @_{ab;h}(X)(w_h·x^b) for one draw of all heads from the prior (Eq. 82) — used to
    /// check the kernel against sampled network functions.
    /// </summary>
    public static double[] SampleFunction(IReadOnlyList<double[]> inputs, int l, int d, int heads, RandomStream rng, double? attentionVariance = null)
    {
        double std = Math.Sqrt(attentionVariance ?? 1.0 / ((double)d * d));
        var f = new double[inputs.Count];
        var a = new double[d * d]; var w = new double[d];
        for (int h = 0; h < heads; h++)
        {
            rng.FillGaussian(a, 0, std);
            rng.FillGaussian(w, 0, 1 / Math.Sqrt((double)d * heads));
            for (int i = 0; i < inputs.Count; i++)
                f[i] += LinearAlgebra.Provider.Dot(Summary(inputs[i], l, d, a), w) / Math.Sqrt(l);
        }
        return f;
    }
}
