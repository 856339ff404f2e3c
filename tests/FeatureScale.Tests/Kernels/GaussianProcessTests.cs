using FeatureScale.Data;
using System.Text.Json;
using FeatureScale.Kernels;
using FeatureScale.Numerics;
using MathNet.Numerics.LinearAlgebra;
using FeatureScale.Experiments;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Kernels;

/// <summary>
/// GP regression: posterior mean/variance against an independent dense solve (MathNet), the κ → 0 interpolation
/// limit, the spectrum-based learning curve (eigenlearning) against direct GP regression, and the config reader.
/// </summary>
public class GaussianProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void PosteriorMatchesIndependentDenseSolve()
    {
        int p = 60, n = 7, d = 5;
        var kernel = new NngpKernel(new ErfActivation(), 2);
        var x = new double[p * d]; RandomStream.For(1, 0, "gp-x").FillGaussian(x);
        var xt = new double[n * d]; RandomStream.For(1, 0, "gp-xt").FillGaussian(xt);
        var y = Enumerable.Range(0, p).Select(i => Math.Sin(x[i * d]) + 0.3 * x[i * d + 1]).ToArray();
        double kappa = 0.1;
        var gp = new GaussianProcessRegression(kernel, x, p, d, y, kappa);
        var (mean, variance) = gp.Predict(xt, n);
        // Reference: MathNet dense inverse, kernel entries from the scalar recursion.
        var km = Matrix<double>.Build.Dense(p, p, (i, j) => kernel.Evaluate(x.AsSpan(i * d, d), x.AsSpan(j * d, d)) + (i == j ? kappa : 0));
        var inv = km.Inverse();
        for (int t = 0; t < n; t++)
        {
            var ks = Vector<double>.Build.Dense(p, j => kernel.Evaluate(xt.AsSpan(t * d, d), x.AsSpan(j * d, d)));
            double m = ks * inv * Vector<double>.Build.DenseOfArray(y);
            double v = kernel.Evaluate(xt.AsSpan(t * d, d), xt.AsSpan(t * d, d)) - ks * inv * ks;
            Assert.Equal(m, mean[t], 9);
            Assert.Equal(v, variance[t], 9);
        }
    }

    [Fact]
    public void MeanTendsToTheInterpolantAsRidgeVanishes()
    {
        int p = 40, n = 25, d = 6;
        var kernel = new NngpKernel(new ReluActivation(), 3);
        var x = new double[p * d]; RandomStream.For(2, 0, "gp-x").FillGaussian(x);
        var xt = new double[n * d]; RandomStream.For(2, 0, "gp-xt").FillGaussian(xt);
        var y = Enumerable.Range(0, p).Select(i => x[i * d] * x[i * d + 1] - 0.5 * x[i * d + 2]).ToArray();
        // Interpolant k*ᵀ K⁻¹ y by an independent LU solve.
        var km = Matrix<double>.Build.Dense(p, p, (i, j) => kernel.Evaluate(x.AsSpan(i * d, d), x.AsSpan(j * d, d)));
        var alpha = km.Solve(Vector<double>.Build.DenseOfArray(y));
        var interp = Enumerable.Range(0, n).Select(t => Enumerable.Range(0, p).Sum(j => kernel.Evaluate(xt.AsSpan(t * d, d), x.AsSpan(j * d, d)) * alpha[j])).ToArray();
        double previous = double.PositiveInfinity;
        foreach (double kappa in new[] { 1e-1, 1e-3, 1e-5, 1e-7 })
        {
            var gp = new GaussianProcessRegression(kernel, x, p, d, y, kappa);
            double gap = gp.Mean(xt, n).Zip(interp, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(gap < previous, $"κ={kappa}: gap {gap} did not shrink (previous {previous})");
            previous = gap;
            // At the training points the mean approaches y; the residual is κ (K + κI)⁻¹ y.
            var train = gp.Mean(x, p);
            double resid = train.Zip(y, (a, b) => Math.Abs(a - b)).Max();
            if (kappa <= 1e-5) Assert.True(resid < 1e-2 * y.Max(Math.Abs), $"κ={kappa}: training residual {resid}");
        }
        Assert.True(previous < 1e-4, $"gap at κ=1e-7: {previous}");
        // And the posterior variance at the training points vanishes.
        var (_, v) = new GaussianProcessRegression(kernel, x, p, d, y, 1e-9).Predict(x, p);
        Assert.True(v.Max() < 1e-6, $"variance at training points {v.Max()}");
    }

    [Theory]
    [InlineData(60, 0.05)]
    [InlineData(120, 0.05)]
    [InlineData(480, 0.05)]
    [InlineData(120, 1.0)]
    public void EigenlearningMatchesDirectRegressionOnTheSphere(int p, double kappa)
    {
        // Inputs uniform on the sphere |x|² = d, where the dot-product spectrum is exact; target y = x_1 + c x_1x_2x_3
        // (pure harmonics of degree 1 and 3), unit power per degree.
        int d = 16, testPoints = 3000, repeats = 5;
        var kernel = new NngpKernel(new ErfActivation(), 2);
        double norm3 = Math.Sqrt(d * d * d / (d * (d + 2.0) * (d + 4.0))); // E[(x1x2x3)²]^{1/2}
        double Target(ReadOnlySpan<double> v) => v[0] + v[0] * v[1] * v[2] / norm3;
        double a = 0, m = 0;
        for (int r = 0; r < repeats; r++)
        {
            var x = SpectrumTests.SpherePoints(p, d, RandomStream.For(7, (uint)r, "el-train"));
            var xt = SpectrumTests.SpherePoints(testPoints, d, RandomStream.For(7, (uint)r, "el-test"));
            var y = Enumerable.Range(0, p).Select(i => Target(x.AsSpan(i * d, d))).ToArray();
            var yt = Enumerable.Range(0, testPoints).Select(i => Target(xt.AsSpan(i * d, d))).ToArray();
            var f = new GaussianProcessRegression(kernel, x, p, d, y, kappa).Mean(xt, testPoints);
            a += f.Zip(yt, (u, v) => u * v).Average() / 2 / repeats;
            m += f.Zip(yt, (u, v) => (u - v) * (u - v)).Average() / repeats;
        }
        var power = new double[] { 0, 1, 0, 1 };
        var theory = Eigenlearning.PredictForKernel(kernel, d, p, power, kappa, 10);
        output.WriteLine($"P={p} κ={kappa}: A_f theory {theory.Alignment:0.0000} direct {a:0.0000}; MSE theory {theory.TestMse:0.0000} direct {m:0.0000}");
        // Eigenlearning is asymptotic in P and d; at d = 16 we allow 0.06 in A_f and 12% (+0.02) in the MSE.
        Assert.True(Math.Abs(theory.Alignment - a) < 0.06, $"P={p}, κ={kappa}: A_f theory {theory.Alignment} vs direct {a}");
        Assert.True(Math.Abs(theory.TestMse - m) < 0.12 * m + 0.02, $"P={p}, κ={kappa}: MSE theory {theory.TestMse} vs direct {m}");
    }

    [Fact]
    public void EigenlearningLimits()
    {
        // One mode: P → ∞ learns it, P → 0 does not; A_f increases with P.
        double prev = -1;
        foreach (double p in new[] { 1.0, 10, 100, 1000, 1e5 })
        {
            var pr = Eigenlearning.Predict(p, [0.01, 1e-4], [10, 100], [1, 0], 0.1);
            Assert.True(pr.Alignment > prev);
            prev = pr.Alignment;
            // κ_eff solves Σ N λ/(λ + κ) + δ/κ = P.
            double count = 10 * 0.01 / (0.01 + pr.EffectiveRidge) + 100 * 1e-4 / (1e-4 + pr.EffectiveRidge) + 0.1 / pr.EffectiveRidge;
            Assert.Equal(p, count, 6);
        }
        Assert.True(prev > 0.99);
    }

    [Fact]
    public void ConfigReaderIsTolerantAndChecksShapes()
    {
        var cfg = GpConfig.FromJson(JsonDocument.Parse("""{"d": 30, "p": 1200, "widths": [100, 50], "act": "relu", "target": "h1+h3", "kappa": 0.5, "sigma2": [1, 0.5, 2], "seed": 9, "test_points": 500, "lr": 1e-3, "steps": 10}""").RootElement);
        Assert.Equal(3, cfg.Depth);
        Assert.Equal([1, 0.5, 2], cfg.Sigma2);
        Assert.Equal("relu", cfg.Act);
        var cfg2 = GpConfig.FromJson(JsonDocument.Parse("""{"d": 30, "p": 100, "width": 64, "depth": 3, "sigma2": 0.25}""").RootElement);
        Assert.Equal(3, cfg2.Depth);
        Assert.All(cfg2.Sigma2, s => Assert.Equal(0.25, s));
        Assert.Equal("h3", cfg2.Target);
        Assert.Throws<ConfigException>(() => GpConfig.FromJson(JsonDocument.Parse("""{"d": 30, "p": 100, "widths": [10], "sigma2": [1, 1, 1]}""").RootElement));
        Assert.Throws<ConfigException>(() => GpConfig.FromJson(JsonDocument.Parse("""{"p": 100}""").RootElement));
        // Targets: h3 has unit norm, he3 = He_3/3! has norm 1/3!, sums add per degree.
        Assert.Equal(1, HermiteSeries.Parse("h3").Norm2, 12);
        Assert.Equal(1 / 6.0, HermiteSeries.Parse("he3").Norm2, 12);
        Assert.Equal(2, HermiteSeries.Parse("h1+h3").Norm2, 12);
        Assert.Equal(HermiteSeries.Parse("h3").Evaluate(1.7), (1.7 * 1.7 * 1.7 - 3 * 1.7) / Math.Sqrt(6), 12);
        Assert.Throws<ConfigException>(() => HermiteSeries.Parse("x3"));
    }
}
