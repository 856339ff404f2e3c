using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Kernels;

/// <summary>
/// Dot-product form and spectrum: the composed Mehler series reproduces the closed-form recursion, the Gegenbauer
/// eigenvalues satisfy the trace identity and agree with Monte-Carlo quadratic forms of pure harmonics on the
/// sphere, and the RKHS norm of a degree-m target scales as d^m.
/// </summary>
public class SpectrumTests
{
    [Theory]
    [InlineData("erf", 2)]
    [InlineData("erf", 3)]
    [InlineData("relu", 2)]
    [InlineData("relu", 3)]
    [InlineData("quadratic", 2)]
    [InlineData("quadratic", 3)]
    [InlineData("tanh", 2)]
    [InlineData("linear", 1)]
    public void SeriesReproducesClosedFormKernel(string name, int depth)
    {
        var kernel = new NngpKernel(Activation.Parse(name), Enumerable.Range(0, depth).Select(l => 1.0 - 0.2 * l).ToArray());
        var a = DotProductSpectrum.Coefficients(kernel, 80);
        foreach (double t in new[] { -0.6, 0.0, 0.3, 0.6 })
        {
            double s = 0, pw = 1;
            foreach (var c in a) { s += c * pw; pw *= t; }
            double exact = kernel.OfOverlap(t);
            Assert.True(Math.Abs(s - exact) < 1e-9 * Math.Max(1, Math.Abs(exact)), $"{name} depth {depth} t={t}: series {s} vs kernel {exact}");
        }
        // Coefficients of a dot-product (positive definite on every sphere) kernel are non-negative (Schoenberg).
        Assert.All(a, c => Assert.True(c >= -1e-12, $"negative coefficient {c}"));
    }

    [Fact]
    public void MonomialEigenvaluesSatisfyTheTraceIdentity()
    {
        // Σ_n N(d,n) μ_{m,n}(d) = E[(x̂·x̂)^m] = 1 for every m, d.
        foreach (int d in new[] { 3, 10, 100, 1000 })
            for (int m = 0; m <= 12; m++)
            {
                double s = 0;
                for (int n = 0; n <= m; n++) s += DotProductSpectrum.Multiplicity(n, d) * DotProductSpectrum.MonomialEigenvalue(m, n, d);
                Assert.True(Math.Abs(s - 1) < 1e-11, $"d={d} m={m}: {s}");
            }
        Assert.Equal(1, DotProductSpectrum.Multiplicity(0, 10));
        Assert.Equal(10, DotProductSpectrum.Multiplicity(1, 10));
        Assert.Equal(54, DotProductSpectrum.Multiplicity(2, 10)); // 55 monomials minus |x|²
    }

    [Theory]
    [InlineData("erf", 2, 1)]
    [InlineData("erf", 2, 3)]
    [InlineData("relu", 2, 2)]
    [InlineData("relu", 3, 1)]
    [InlineData("erf", 3, 2)] // odd activation: even-degree eigenvalues vanish
    [InlineData("erf", 3, 3)]
    public void EigenvalueMatchesMonteCarloQuadraticFormOfAHarmonic(string name, int depth, int m)
    {
        // y = x_1 x_2 … x_m is a pure degree-m harmonic on the sphere |x|² = d, so ⟨y, K, y⟩/⟨y, y⟩ = λ_m exactly.
        // Estimate ⟨y, K, y⟩ by the U-statistic Σ_{i≠j} y_i K_ij y_j / (P(P−1)) on sampled sphere points, repeated.
        int d = 8, p = 1500, repeats = 6;
        var kernel = new NngpKernel(Activation.Parse(name), depth);
        double lambda = DotProductSpectrum.Compute(kernel, d, m)[m].Eigenvalue;
        double norm = 1; for (int j = 0; j < m; j++) norm *= d / (d + 2.0 * j); // E[y²] on the sphere
        var estimates = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            var x = SpherePoints(p, d, RandomStream.For(21, (uint)r, "sphere"));
            var y = new double[p];
            for (int i = 0; i < p; i++) { y[i] = 1; for (int j = 0; j < m; j++) y[i] *= x[i * d + j]; }
            var k = kernel.Gram(x, p, d);
            double s = 0;
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++) if (i != j) s += y[i] * k[i * p + j] * y[j];
            estimates[r] = s / ((double)p * (p - 1)) / norm;
        }
        double mean = estimates.Average(), se = Math.Sqrt(estimates.Select(e => (e - mean) * (e - mean)).Sum() / (repeats - 1) / repeats);
        Assert.True(Math.Abs(mean - lambda) < 4 * se + 1e-3 * lambda, $"{name} depth {depth} m={m}: Monte Carlo {mean} ± {se} vs λ_m {lambda}");
        if (lambda > 1e-12) Assert.True(se < 0.25 * lambda, $"test not sensitive: se {se} vs λ {lambda}");
    }

    [Theory]
    [InlineData("erf", 2, 1)]
    [InlineData("erf", 2, 3)]
    [InlineData("relu", 2, 2)]
    [InlineData("erf", 3, 3)]
    public void RkhsNormOfHermiteTargetScalesAsDToTheM(string name, int depth, int m)
    {
        var kernel = new NngpKernel(Activation.Parse(name), depth);
        var ds = new[] { 100.0, 200, 400, 800, 1600 };
        var inv = ds.Select(d => DotProductSpectrum.HermiteTargetNorms(kernel, m, (int)d).Inverse).ToArray();
        var quad = ds.Select(d => DotProductSpectrum.HermiteTargetNorms(kernel, m, (int)d).Quadratic).ToArray();
        var fit = LinearFit.Fit(ds.Select(v => Math.Log(v)).ToArray(), inv.Select(v => Math.Log(v)).ToArray());
        Assert.True(Math.Abs(fit.Slope - m) < 0.05, $"slope {fit.Slope} vs {m}");
        for (int i = 0; i < ds.Length; i++) Assert.Equal(1, quad[i] * inv[i], 12);
        // Leading order n! a_n / d^n approaches the exact eigenvalue as d grows.
        var spec = DotProductSpectrum.Compute(kernel, 1600, m);
        Assert.True(Math.Abs(spec[m].EigenvalueLeading / spec[m].Eigenvalue - 1) < 0.02 * m);
    }

    [Fact]
    public void SpectrumAccountsForTheWholeTrace()
    {
        var kernel = new NngpKernel(new ErfActivation(), 2);
        var spec = DotProductSpectrum.Compute(kernel, 30, 30);
        double trace = spec.Sum(s => s.Multiplicity * s.Eigenvalue);
        Assert.True(Math.Abs(trace - kernel.OfOverlap(1)) < 1e-6, $"Σ N λ = {trace} vs K(1) = {kernel.OfOverlap(1)}");
    }

    internal static double[] SpherePoints(int p, int d, RandomStream rng)
    {
        var x = new double[p * d];
        rng.FillGaussian(x);
        for (int i = 0; i < p; i++)
        {
            var row = x.AsSpan(i * d, d);
            double s = Math.Sqrt(d / System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(row));
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, s, row);
        }
        return x;
    }
}
