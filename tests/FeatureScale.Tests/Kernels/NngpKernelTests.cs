using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Kernels;

/// <summary>
/// NNGP kernels: closed forms vs 2-D quadrature vs Monte Carlo over wide random networks (each pair computed
/// independently), numerical stability near correlation ±1, Gram matrices symmetric/PSD and consistent.
/// </summary>
public class NngpKernelTests
{
    public static TheoryData<string> ClosedForms => new() { "erf", "relu", "linear", "quadratic", "square" };

    private static readonly (double Q1, double Q2, double Rho)[] Triples =
    [
        (1, 1, 0), (1, 1, 0.5), (0.7, 1.3, -0.4), (2, 0.5, 0.9), (1, 1, -0.99), (0.25, 0.25, 0.999), (3, 1, 1),
    ];

    [Theory]
    [MemberData(nameof(ClosedForms))]
    public void ClosedFormMatchesQuadrature(string name)
    {
        var act = Activation.Parse(name);
        Assert.True(act.HasClosedForm);
        // ReLU has a kink: the Gauss–Hermite product rule converges only algebraically there.
        double tol = name == "relu" ? 2e-3 : 1e-10;
        foreach (var (q1, q2, rho) in Triples)
        {
            double c = rho * Math.Sqrt(q1 * q2);
            double closed = act.Covariance(q1, q2, c);
            double quad = act.CovarianceByQuadrature(q1, q2, c, name == "relu" ? 200 : 120);
            Assert.True(Math.Abs(closed - quad) <= tol * Math.Max(1, Math.Abs(closed)),
                $"{name} q1={q1} q2={q2} rho={rho}: closed {closed} vs quadrature {quad}");
        }
    }

    [Fact]
    public void ReluClosedFormMatchesAdaptiveOneDimensionalIntegral()
    {
        // Independent of the 2-D rule: integrate u ↦ φ(u) relu(√q1 u) E[relu(v) | u] with the conditional mean/variance
        // of v in closed form (E[relu(v)] for v ~ N(m, s²) = m Φ(m/s) + s φ(m/s)).
        var relu = new ReluActivation();
        foreach (var (q1, q2, rho) in Triples)
        {
            if (Math.Abs(rho) == 1) continue;
            double s2 = Math.Sqrt(q2), cs = Math.Sqrt(1 - rho * rho) * s2;
            double F(double u)
            {
                if (u <= 0) return 0;
                double m = rho * s2 * u;
                double cond = m * 0.5 * Elementwise.ErfcScalar(-m / (cs * Math.Sqrt(2))) + cs * Math.Exp(-m * m / (2 * cs * cs)) / Math.Sqrt(2 * Math.PI);
                return Math.Exp(-u * u / 2) / Math.Sqrt(2 * Math.PI) * Math.Sqrt(q1) * u * cond;
            }
            double reference = Quadrature.Integrate(F, 0, double.PositiveInfinity, 1e-13, 1e-12).Value;
            double closed = relu.Covariance(q1, q2, rho * Math.Sqrt(q1 * q2));
            Assert.True(Math.Abs(closed - reference) < 1e-10, $"rho={rho}: {closed} vs {reference}");
        }
    }

    [Theory]
    [InlineData("erf", 2)]
    [InlineData("relu", 2)]
    [InlineData("quadratic", 2)]
    [InlineData("square", 2)]
    [InlineData("linear", 2)]
    [InlineData("tanh", 2)]
    [InlineData("erf", 3)]
    [InlineData("relu", 3)]
    [InlineData("tanh", 3)]
    public void KernelMatchesWideRandomNetworks(string name, int depth)
    {
        // Monte Carlo: R independent random networks of width N per hidden layer; compare the averaged empirical
        // kernel with the NNGP recursion (closed form or quadrature) within 5 standard errors (+ the O(1/N) bias).
        int d = 16, n = 5, width = depth == 2 ? 4000 : 1500, repeats = 8;
        var kernel = new NngpKernel(Activation.Parse(name), Enumerable.Range(0, depth).Select(l => l == 0 ? 1.3 : 0.8).ToArray());
        var x = new double[n * d];
        RandomStream.For(11, 0, "mc-inputs").FillGaussian(x);
        var exact = kernel.Gram(x, n, d);
        var sum = new double[n * n]; var sum2 = new double[n * n];
        for (int r = 0; r < repeats; r++)
        {
            var k = EmpiricalKernel.RandomNetwork(x, n, d, kernel, Enumerable.Repeat(width, depth - 1).ToArray(), RandomStream.For(12, (uint)r, "mc-net"));
            for (int i = 0; i < n * n; i++) { sum[i] += k[i]; sum2[i] += k[i] * k[i]; }
        }
        for (int i = 0; i < n * n; i++)
        {
            double mean = sum[i] / repeats, se = Math.Sqrt(Math.Max(sum2[i] / repeats - mean * mean, 0) / (repeats - 1));
            double bias = 4 * Math.Abs(exact[i]) / width;
            Assert.True(Math.Abs(mean - exact[i]) <= 5 * se + bias + 1e-12,
                $"{name} depth {depth} entry {i}: Monte Carlo {mean} ± {se} vs kernel {exact[i]}");
        }
    }

    [Fact]
    public void TanhQuadratureMatchesMehlerSeriesAndSampling()
    {
        // Two independent routes for an activation without closed form: (a) the 2-D product rule, (b) Mehler's
        // series Σ a_n(q1) a_n(q2) ρⁿ from 1-D Hermite coefficients, (c) direct sampling of (u, v).
        var tanh = Activation.Parse("tanh");
        var rng = RandomStream.For(3, 0, "tanh-pairs");
        foreach (var (q1, q2, rho) in Triples)
        {
            double c = rho * Math.Sqrt(q1 * q2);
            double quad = tanh.CovarianceByQuadrature(q1, q2, c, 160);
            Assert.True(Math.Abs(tanh.Covariance(q1, q2, c) - quad) < 1e-7, $"rho={rho}: library value vs 160-node rule");
            var a1 = tanh.HermiteCoefficients(120, q1); var a2 = tanh.HermiteCoefficients(120, q2);
            double mehler = 0, pw = 1;
            for (int k = 0; k <= 120; k++) { mehler += a1[k] * a2[k] * pw; pw *= rho; }
            if (Math.Abs(rho) < 0.95) Assert.True(Math.Abs(quad - mehler) < 1e-8, $"rho={rho}: quadrature {quad} vs Mehler {mehler}");
            int m = 200_000; double s = 0, s2 = 0;
            for (int i = 0; i < m; i++)
            {
                double z1 = rng.NextGaussian(), z2 = rng.NextGaussian();
                double u = Math.Sqrt(q1) * z1, v = Math.Sqrt(q2) * (rho * z1 + Math.Sqrt(1 - rho * rho) * z2);
                double t = Math.Tanh(u) * Math.Tanh(v); s += t; s2 += t * t;
            }
            double mean = s / m, se = Math.Sqrt((s2 / m - mean * mean) / m);
            Assert.True(Math.Abs(mean - quad) < 5 * se, $"rho={rho}: sampled {mean} ± {se} vs quadrature {quad}");
        }
    }

    [Theory]
    [InlineData("erf")]
    [InlineData("relu")]
    public void StableNearPerfectCorrelation(string name)
    {
        // c = q − δ with δ tiny: the reference computes q² − c² = δ(2q − δ) without cancellation.
        var act = Activation.Parse(name);
        double q = 1.0;
        foreach (int e in new[] { 20, 30, 40, 48 })
        {
            double delta = Math.ScaleB(1, -e), c = q - delta; // exact in binary
            double det = delta * (2 * q - delta);
            double reference = name == "erf"
                ? 2 / Math.PI * Math.Atan(2 * c / Math.Sqrt(1 + 4 * q + 4 * det))
                : (Math.Sqrt(det) + (Math.PI - Math.Atan2(Math.Sqrt(det), c)) * c) / (2 * Math.PI);
            double diag = act.Covariance(q, q, q);
            double got = act.Covariance(q, q, c);
            // Compare the small difference from the diagonal, which is what a naive form gets wrong.
            double refDiff = diag - reference, gotDiff = diag - got;
            Assert.True(Math.Abs(gotDiff - refDiff) <= 1e-6 * Math.Abs(refDiff) + 4e-16, $"δ=2^-{e}: {gotDiff} vs {refDiff}");
            // Vectorised row path agrees with the scalar path.
            var row = Enumerable.Repeat(c, 9).ToArray();
            act.CovarianceRow(q, Enumerable.Repeat(q, 9).ToArray(), row);
            Assert.All(row, v => Assert.Equal(got, v, 15));
        }
    }

    [Theory]
    [InlineData("erf", 1)]
    [InlineData("erf", 2)]
    [InlineData("relu", 2)]
    [InlineData("relu", 4)]
    [InlineData("quadratic", 2)]
    [InlineData("linear", 3)]
    [InlineData("erf", 3)]
    public void GramIsSymmetricPsdAndConsistent(string name, int depth)
    {
        int n = 203, d = 12; // not a multiple of the SIMD width
        var kernel = new NngpKernel(Activation.Parse(name), depth, 0.9);
        var x = new double[n * d];
        RandomStream.For(5, 0, "gram").FillGaussian(x);
        for (int j = 0; j < d; j++) x[7 * d + j] = x[3 * d + j]; // a duplicated point (correlation exactly 1)
        var k = kernel.Gram(x, n, d);
        double max = k.Max(v => Math.Abs(v));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) Assert.True(Math.Abs(k[i * n + j] - k[j * n + i]) <= 1e-14 * max);
        // Entries agree with the scalar recursion.
        foreach (var (i, j) in new[] { (0, 0), (3, 7), (10, 150), (202, 1), (199, 199) })
            Assert.Equal(kernel.Evaluate(x.AsSpan(i * d, d), x.AsSpan(j * d, d)), k[i * n + j], 12);
        // PSD: smallest eigenvalue ≥ −1e−10 λ_max.
        var w = new double[n];
        LinearAlgebra.Provider.SymmetricEigen((double[])k.Clone(), n, w);
        Assert.True(w[0] >= -1e-10 * w[^1], $"smallest eigenvalue {w[0]} (largest {w[^1]})");
        // Cross-Gram and the streamed blocks reproduce the Gram matrix.
        var cross = kernel.CrossGram(x, n, x, n, d);
        for (int i = 0; i < n * n; i++) Assert.True(Math.Abs(cross[i] - k[i]) <= 1e-13 * max);
        var streamed = new double[n * n];
        kernel.GramBlocks(x, n, d, 37, (start, rows, block) => block.Span.CopyTo(streamed.AsSpan(start * n, rows * n)));
        for (int i = 0; i < n * n; i++) Assert.True(Math.Abs(streamed[i] - k[i]) <= 1e-13 * max);
        var diag = kernel.Diagonal(x, n, d);
        for (int i = 0; i < n; i++) Assert.Equal(diag[i], k[i * n + i], 12);
    }

    [Fact]
    public void HermitePolynomialsAreOrthonormalUnderGaussHermite()
    {
        var rule = GaussHermite.Normal(60);
        for (int m = 0; m <= 30; m++)
            for (int n = 0; n <= m; n++)
            {
                double v = rule.Integrate(z => Hermite.Normalized(m, z) * Hermite.Normalized(n, z));
                Assert.True(Math.Abs(v - (m == n ? 1 : 0)) < 1e-10, $"E[h_{m} h_{n}] = {v}");
            }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void HermiteCoefficientsMatchIndependentForms(double q)
    {
        // ReLU: exact formula vs adaptive quadrature on [0, ∞).
        var relu = new ReluActivation().HermiteCoefficients(12, q);
        for (int n = 0; n <= 12; n++)
        {
            int nn = n;
            double reference = Quadrature.Integrate(z => Math.Sqrt(q) * z * Hermite.Normalized(nn, z) * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI),
                0, double.PositiveInfinity, 1e-14, 1e-12).Value;
            Assert.True(Math.Abs(relu[n] - reference) < 1e-11, $"relu a_{n}: {relu[n]} vs {reference}");
        }
        // erf: a_1 = √q E[erf′(√q z)] = (2/√π) √q / √(1 + 2q); a_3 from E[erf‴] (digest §1.4).
        var erf = new ErfActivation().HermiteCoefficients(5, q);
        Assert.Equal(2 / Math.Sqrt(Math.PI) * Math.Sqrt(q / (1 + 2 * q)), erf[1], 12);
        double erf3 = -4 / (Math.Sqrt(Math.PI) * Math.Pow(1 + 2 * q, 1.5)); // E[erf‴(t)], t ~ N(0, q)
        Assert.Equal(Math.Pow(q, 1.5) * erf3 / Math.Sqrt(6), erf[3], 12);
        Assert.Equal(0, erf[0], 14); Assert.Equal(0, erf[2], 14);
        // Mehler: Σ a_n² ρⁿ reproduces the closed-form kernel.
        var a = new ErfActivation().HermiteCoefficients(80, q);
        double rho = 0.6, s = 0, pw = 1;
        for (int n = 0; n <= 80; n++) { s += a[n] * a[n] * pw; pw *= rho; }
        Assert.Equal(new ErfActivation().Covariance(q, q, rho * q), s, 12);
    }
}
