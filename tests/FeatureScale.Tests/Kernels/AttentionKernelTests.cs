using FeatureScale.Kernels;
using FeatureScale.Numerics;

namespace FeatureScale.Tests.Kernels;

/// <summary>Softmax attention-head kernel (Eq. 83) by Monte Carlo.</summary>
public class AttentionKernelTests
{
    private static List<double[]> Inputs(int n, int l, int d, ulong seed) =>
        Enumerable.Range(0, n).Select(i => { var x = new double[l * d]; RandomStream.For(seed, (uint)i, "att-x").FillGaussian(x); return x; }).ToList();

    [Fact]
    public void ZeroAttentionVarianceGivesTheUniformAveragingKernel()
    {
        // A = 0 ⇒ @ = 1/L uniform ⇒ Σ_a @_ab = 1 ⇒ s(X) = Σ_b x^b and K = (dL)⁻¹ (Σ_b x^b)·(Σ_b′ x′^b′), exactly.
        int l = 5, d = 4;
        var xs = Inputs(3, l, d, 1);
        var est = AttentionKernel.MonteCarlo(xs, l, d, 3, RandomStream.For(1, 0, "A"), attentionVariance: 0);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double dot = 0;
                for (int k = 0; k < d; k++)
                {
                    double si = 0, sj = 0;
                    for (int b = 0; b < l; b++) { si += xs[i][b * d + k]; sj += xs[j][b * d + k]; }
                    dot += si * sj;
                }
                Assert.Equal(dot / (d * l), est.Values[i * 3 + j], 12);
                Assert.Equal(0, est.StandardErrors[i * 3 + j], 12);
            }
    }

    [Fact]
    public void KernelMatchesSampledAttentionNetworks()
    {
        // Independent estimator: E[f(X) f(X′)] over whole networks drawn from the prior (H heads, w_h ~ N(0, I/(dH))),
        // against the Monte-Carlo kernel; both within their combined standard errors (5σ).
        int l = 6, d = 4, n = 3, heads = 4, networks = 6000;
        var xs = Inputs(n, l, d, 2);
        var est = AttentionKernel.MonteCarlo(xs, l, d, 6000, RandomStream.For(2, 0, "A"), attentionVariance: 1.0); // strong attention
        var sum = new double[n * n]; var sum2 = new double[n * n];
        var rng = RandomStream.For(2, 0, "nets");
        for (int m = 0; m < networks; m++)
        {
            var f = AttentionKernel.SampleFunction(xs, l, d, heads, rng, attentionVariance: 1.0);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) { double v = f[i] * f[j]; sum[i * n + j] += v; sum2[i * n + j] += v * v; }
        }
        for (int k = 0; k < n * n; k++)
        {
            double mean = sum[k] / networks, se = Math.Sqrt((sum2[k] / networks - mean * mean) / (networks - 1));
            double tol = 5 * Math.Sqrt(se * se + est.StandardErrors[k] * est.StandardErrors[k]);
            Assert.True(Math.Abs(mean - est.Values[k]) < tol, $"entry {k}: networks {mean} ± {se} vs kernel {est.Values[k]} ± {est.StandardErrors[k]}");
        }
        // Strong attention must differ from the uniform-averaging kernel (the test is sensitive to @).
        var uniform = AttentionKernel.MonteCarlo(xs, l, d, 2, RandomStream.For(2, 0, "A0"), attentionVariance: 0);
        Assert.Contains(Enumerable.Range(0, n * n), k => Math.Abs(uniform.Values[k] - est.Values[k]) > 10 * est.StandardErrors[k]);
    }

    [Fact]
    public void EstimateIsSymmetricPsdWithShrinkingErrors()
    {
        int l = 8, d = 4, n = 4;
        var xs = Inputs(n, l, d, 3);
        var small = AttentionKernel.MonteCarlo(xs, l, d, 400, RandomStream.For(3, 0, "A"));
        var large = AttentionKernel.MonteCarlo(xs, l, d, 6400, RandomStream.For(3, 1, "A"));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(large.Values[i * n + j], large.Values[j * n + i], 12);
                // Standard error falls as 1/√M (16× the samples → ≈ 4× smaller).
                if (small.StandardErrors[i * n + j] > 0)
                    Assert.InRange(small.StandardErrors[i * n + j] / large.StandardErrors[i * n + j], 2.5, 6);
                Assert.True(Math.Abs(small.Values[i * n + j] - large.Values[i * n + j]) < 5 * Math.Sqrt(Math.Pow(small.StandardErrors[i * n + j], 2) + Math.Pow(large.StandardErrors[i * n + j], 2)));
            }
        var w = new double[n];
        LinearAlgebra.Provider.SymmetricEigen((double[])large.Values.Clone(), n, w);
        Assert.True(w[0] > -1e-12);
    }
}
