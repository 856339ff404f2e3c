using FeatureScale.Numerics;

namespace FeatureScale.Tests.Numerics;

/// <summary>Hermite polynomials, Gauss–Hermite rules and Hermite coefficients against closed forms.</summary>
public class HermiteTests
{
    private static readonly Func<double, double>[] Explicit =
    [
        x => 1, x => x, x => x * x - 1, x => x * x * x - 3 * x, x => Math.Pow(x, 4) - 6 * x * x + 3,
        x => Math.Pow(x, 5) - 10 * Math.Pow(x, 3) + 15 * x, x => Math.Pow(x, 6) - 15 * Math.Pow(x, 4) + 45 * x * x - 15,
    ];

    [Fact]
    public void He_matches_explicit_polynomials_and_monomial_coefficients()
    {
        foreach (double x in new[] { -2.5, -0.3, 0, 0.7, 1.9, 4 })
        {
            for (int n = 0; n < Explicit.Length; n++) Assert.Equal(Explicit[n](x), Hermite.He(n, x), 1e-12 * Math.Max(1, Math.Abs(Explicit[n](x))));
            for (int n = 0; n <= 14; n++)
            {
                var c = Hermite.HeCoefficients(n);
                Assert.Equal(n + 1, c.Length);
                Assert.Equal(1.0, c[n]);
                double horner = 0;
                for (int j = n; j >= 0; j--) horner = horner * x + c[j];
                Assert.Equal(Hermite.He(n, x), horner, 1e-9 * Math.Max(1, Math.Abs(horner)));
                Assert.Equal(Hermite.He(n, x) / Math.Sqrt(Hermite.Factorial(n)), Hermite.Normalized(n, x), 1e-12 * Math.Max(1, Math.Abs(horner)));
            }
            var all = new double[31];
            Hermite.NormalizedAll(30, x, all);
            for (int n = 0; n <= 30; n++) Assert.Equal(Hermite.Normalized(n, x), all[n], 1e-12 * Math.Max(1, Math.Abs(all[n])));
        }
        Assert.Equal([-15.0, 0, 45, 0, -15, 0, 1], Hermite.HeCoefficients(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hermite.He(-1, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(61)]
    [InlineData(200)]
    public void Gauss_Hermite_rule_is_symmetric_positive_and_orthonormalises_h(int n)
    {
        var rule = GaussHermite.Normal(n);
        Assert.Equal(n, rule.Nodes.Length);
        Assert.Equal(1.0, rule.Weights.Sum(), 1e-13);
        for (int i = 0; i < n; i++)
        {
            Assert.True(rule.Weights[i] > 0);
            Assert.Equal(-rule.Nodes[n - 1 - i], rule.Nodes[i]);
            if (i > 0) Assert.True(rule.Nodes[i] > rule.Nodes[i - 1]);
        }
        // h_0 … h_{n−1} are orthonormal under the rule (degree ≤ 2n − 2 ≤ 2n − 1: exact).
        var h = new double[n * n];
        for (int i = 0; i < n; i++) Hermite.NormalizedAll(n - 1, rule.Nodes[i], h.AsSpan(i * n, n));
        double worst = 0;
        for (int p = 0; p < n; p++)
            for (int q = 0; q <= p; q++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += rule.Weights[i] * h[i * n + p] * h[i * n + q];
                worst = Math.Max(worst, Math.Abs(s - (p == q ? 1 : 0)));
            }
        Assert.True(worst < 1e-11, $"max |E[h_p h_q] − δ| = {worst}");
        // Nodes are the zeros of h_n.
        foreach (var x in rule.Nodes) Assert.True(Math.Abs(Hermite.Normalized(n, x)) < 1e-9 * Math.Max(1, Math.Abs(Hermite.Normalized(n - 1, x))));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(200)]
    public void Gauss_Hermite_moments_are_exact_up_to_degree_2n_minus_1(int n)
    {
        var rule = GaussHermite.Normal(n);
        double doubleFactorial = 1; // (2k−1)!!
        for (int k = 0; 2 * k <= Math.Min(2 * n - 1, 120); k++)
        {
            if (k > 0) doubleFactorial *= 2 * k - 1;
            int kk = k;
            double even = rule.Integrate(z => Math.Pow(z, 2 * kk));
            Assert.True(Math.Abs(even - doubleFactorial) <= 1e-12 * doubleFactorial, $"E z^{2 * k} = {even}, expected {doubleFactorial}");
            if (2 * k + 1 <= 2 * n - 1) Assert.Equal(0.0, rule.Integrate(z => Math.Pow(z, 2 * kk + 1)), 1e-12 * doubleFactorial);
        }
        if (n == 10) // degree 2n is no longer exact: E z^20 = 19!! is missed.
            Assert.True(Math.Abs(rule.Integrate(z => Math.Pow(z, 20)) - 654729075) > 1);
    }

    [Fact]
    public void Gauss_Hermite_agrees_with_adaptive_quadrature_against_the_normal_density()
    {
        double Phi(double z) => Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        // tanh has poles at ±iπ/2, so Gauss–Hermite converges only algebraically there: looser tolerance.
        foreach (var (f, tol) in new (Func<double, double>, double)[] { (Math.Cos, 1e-12), (z => Elementwise.ErfScalar(0.8 * z + 0.3), 1e-12), (z => Math.Tanh(z) * Math.Tanh(z), 1e-8), (z => Math.Sin(3 * z) * z, 1e-12) })
        {
            double gh = GaussHermite.Expectation(f, 80);
            double quad = Quadrature.Integrate(z => f(z) * Phi(z), double.NegativeInfinity, double.PositiveInfinity, 1e-14, 1e-13).Value;
            Assert.Equal(quad, gh, tol);
        }
        Assert.Equal(Elementwise.ErfScalar(0.3 / Math.Sqrt(1 + 2 * 0.64)), GaussHermite.Expectation(z => Elementwise.ErfScalar(0.8 * z + 0.3)), 1e-14);
        Assert.Equal(Math.Exp(-0.5), GaussHermite.Expectation(Math.Cos), 1e-14);     // E cos z = e^{-1/2}
        Assert.Equal(Math.Exp(0.125), GaussHermite.Expectation(z => Math.Exp(0.5 * z)), 1e-13); // E e^{z/2} = e^{1/8}
        Assert.Equal(Math.Exp(0.125), Quadrature.Integrate(z => Math.Exp(0.5 * z - z * z / 2) / Math.Sqrt(2 * Math.PI), double.NegativeInfinity, double.PositiveInfinity).Value, 1e-11);
        Assert.Equal(3 * Math.Exp(-4.5), GaussHermite.Expectation(z => Math.Sin(3 * z) * z), 1e-13); // Stein: E[z sin 3z] = 3 E[cos 3z]
    }

    [Fact]
    public void Two_dimensional_expectation_reproduces_Gaussian_moments()
    {
        double q1 = 1.3, q2 = 0.6, c = -0.5;
        Assert.Equal(c, GaussHermite.Expectation2D((u, v) => u * v, q1, q2, c), 1e-13);
        Assert.Equal(q1 * q2 + 2 * c * c, GaussHermite.Expectation2D((u, v) => u * u * v * v, q1, q2, c), 1e-12);
        Assert.Equal(q1, GaussHermite.Expectation2D((u, v) => u * u, q1, q2, c), 1e-13);
        // E[erf(u) erf(v)] = (2/π) arcsin(2c / √((1+2q1)(1+2q2))) (the erf NNGP kernel).
        double expected = 2 / Math.PI * Math.Asin(2 * c / Math.Sqrt((1 + 2 * q1) * (1 + 2 * q2)));
        Assert.Equal(expected, GaussHermite.Expectation2D((u, v) => Elementwise.ErfScalar(u) * Elementwise.ErfScalar(v), q1, q2, c, 80), 1e-9);
    }

    [Fact]
    public void Hermite_coefficients_of_known_functions()
    {
        // x³ = He_3 + 3 He_1 = √6 h_3 + 3 h_1; under variance q: f(√q z) = q^{3/2} z³.
        double q = 2.0;
        var a = Hermite.Coefficients(x => x * x * x, 8, q, 40);
        double s = Math.Pow(q, 1.5);
        for (int n = 0; n <= 8; n++)
        {
            double expected = n == 1 ? 3 * s : n == 3 ? Math.Sqrt(6) * s : 0;
            Assert.Equal(expected, a[n], 1e-12);
        }
        // erf(σz): by Stein's identity a_n = E[f⁽ⁿ⁾(z)]/√n!, with E[e^{-σ²z²}] = (1+2σ²)^{-1/2} and
        // E[z² e^{-σ²z²}] = (1+2σ²)^{-3/2}: a_1 = (2/√π) σ/√(1+2σ²), a_3 = (2/√π) σ³ (4σ²/(1+2σ²)^{3/2} − 2/(1+2σ²)^{1/2})/√6.
        double sigma = 0.9, q2 = sigma * sigma, r = 1 + 2 * q2;
        var b = Hermite.Coefficients(Elementwise.ErfScalar, 6, q2, 120);
        Assert.Equal(2 / Math.Sqrt(Math.PI) * sigma / Math.Sqrt(r), b[1], 1e-13);
        Assert.Equal(2 / Math.Sqrt(Math.PI) * Math.Pow(sigma, 3) * (4 * q2 / Math.Pow(r, 1.5) - 2 / Math.Sqrt(r)) / Math.Sqrt(6), b[3], 1e-13);
        foreach (int n in new[] { 0, 2, 4, 6 }) Assert.Equal(0.0, b[n], 1e-14);
        // Parseval: Σ a_n² = E f(√q z)² (here E erf(σz)² = (2/π) arcsin(2σ²/(1+2σ²))).
        var many = Hermite.Coefficients(Elementwise.ErfScalar, 60, q2, 200);
        Assert.Equal(2 / Math.PI * Math.Asin(2 * q2 / r), many.Sum(v => v * v), 1e-10);
    }
}
