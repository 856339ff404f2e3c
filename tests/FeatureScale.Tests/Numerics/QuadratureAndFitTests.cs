using FeatureScale.Numerics;

namespace FeatureScale.Tests.Numerics;

/// <summary>Adaptive quadrature, Gauss–Legendre, Brent, bracketing and the (power-law) fits.</summary>
public class QuadratureAndFitTests
{
    public static TheoryData<string, double, double, double, double> Integrals => new()
    {
        { "sin", 0, Math.PI, 2, 1e-12 },
        { "1/sqrt", 0, 1, 2, 1e-7 },              // endpoint singular, integrable
        { "log", 0, 1, -1, 1e-8 },                 // endpoint singular, integrable
        { "gauss", double.NegativeInfinity, double.PositiveInfinity, Math.Sqrt(Math.PI), 1e-12 },
        { "lorentz", 0, double.PositiveInfinity, Math.PI / 2, 1e-10 },
        { "inv-square", 1, double.PositiveInfinity, 1, 1e-10 },
        { "exp", double.NegativeInfinity, 0, 1, 1e-12 },
        { "sin-reversed", Math.PI, 0, -2, 1e-12 },
        { "oscillating", 0, 20, (1 - Math.Cos(20 * 5.0)) / 5.0, 1e-10 },
    };

    private static double F(string name, double x) => name switch
    {
        "sin" or "sin-reversed" => Math.Sin(x),
        "1/sqrt" => 1 / Math.Sqrt(x),
        "log" => Math.Log(x),
        "gauss" => Math.Exp(-x * x),
        "lorentz" => 1 / (1 + x * x),
        "inv-square" => 1 / (x * x),
        "exp" => Math.Exp(x),
        "oscillating" => Math.Sin(5 * x),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Integrals))]
    public void Adaptive_quadrature_reproduces_known_integrals(string name, double a, double b, double expected, double tol)
    {
        var r = Quadrature.Integrate(x => F(name, x), a, b);
        Assert.True(Math.Abs(r.Value - expected) <= tol, $"∫ {name} = {r.Value:R}, expected {expected:R}");
        Assert.True(r.Evaluations > 0);
        Assert.Equal(0.0, Quadrature.Integrate(x => F(name, x), 1, 1).Value);
    }

    [Fact]
    public void Non_finite_integrands_fail_fast_and_unreachable_tolerances_stop_at_the_budget()
    {
        // e^{x/2}·φ(x) written naively overflows to ∞·0 = NaN in the mapped tails: an error, not a hang.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<ArithmeticException>(() => Quadrature.Integrate(x => Math.Exp(0.5 * x) * Math.Exp(-x * x / 2), double.NegativeInfinity, double.PositiveInfinity, 1e-14, 1e-13));
        // A discontinuous integrand with an impossible tolerance stops at the resolution limit …
        var r = Quadrature.Integrate(x => x < 1 / Math.PI ? 0 : 1, 0, 1, 1e-300, 1e-300, maxDepth: 200);
        Assert.Equal(1 - 1 / Math.PI, r.Value, 1e-10);
        // … and one with 30 000 kinks after the evaluation budget.
        var rough = Quadrature.Integrate(x => Math.Abs(Math.Sin(1e5 * x)), 0, 1, 1e-300, 1e-300, maxDepth: 200, maxEvaluations: 20_000);
        Assert.InRange(rough.Evaluations, 20_000, 22_000);
        Assert.True(clock.Elapsed.TotalSeconds < 30);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(25)]
    public void Gauss_Legendre_is_exact_for_degree_up_to_2n_minus_1(int n)
    {
        var rule = Quadrature.GaussLegendre(n);
        Assert.Equal(2.0, rule.Weights.Sum(), 1e-14);
        for (int d = 0; d <= 2 * n - 1; d++)
        {
            int dd = d;
            double expected = d % 2 == 1 ? 0 : 2.0 / (d + 1);
            Assert.Equal(expected, rule.Integrate(x => Math.Pow(x, dd)), 1e-14);
        }
        if (n == 3) Assert.True(Math.Abs(rule.Integrate(x => Math.Pow(x, 6)) - 2.0 / 7) > 1e-4); // degree 2n is not exact
    }

    [Fact]
    public void Brent_finds_known_roots_to_the_requested_tolerance()
    {
        Assert.Equal(Math.PI / 2, RootFinding.Brent(Math.Cos, 0, 2), 1e-14);
        Assert.Equal(Math.Sqrt(2), RootFinding.Brent(x => x * x - 2, 0, 5), 1e-14);
        Assert.Equal(Math.Log(3), RootFinding.Brent(x => Math.Exp(x) - 3, -10, 10), 1e-13);
        double loose = RootFinding.Brent(x => x * x * x - 2 * x - 5, 2, 3, 1e-4);
        double tight = RootFinding.Brent(x => x * x * x - 2 * x - 5, 2, 3, 1e-15);
        Assert.True(Math.Abs(tight * tight * tight - 2 * tight - 5) < 1e-13);
        Assert.True(Math.Abs(loose - tight) <= 1e-4, "within the requested tolerance");
        Assert.Equal(1.0, RootFinding.Brent(x => x - 1, 1, 3)); // root at an end point
        Assert.Throws<RootNotFoundException>(() => RootFinding.Brent(x => x * x + 1, -1, 2));
        int calls = 0;
        RootFinding.Brent(x => { calls++; return Math.Tanh(x - 0.3); }, -5, 5);
        Assert.True(calls < 60, $"{calls} evaluations");
    }

    [Fact]
    public void Bracket_expands_until_a_sign_change()
    {
        var (a, b) = RootFinding.Bracket(x => x - 10, 0, 1);
        Assert.True((a - 10) * (b - 10) <= 0);
        var (c, d) = RootFinding.Bracket(x => Math.Exp(-x) - 0.5, 5, 6);
        Assert.True(Math.Min(c, d) <= Math.Log(2) && Math.Log(2) <= Math.Max(c, d));
        Assert.Equal(Math.Log(2), RootFinding.Brent(x => Math.Exp(-x) - 0.5, c, d), 1e-14);
        Assert.Throws<RootNotFoundException>(() => RootFinding.Bracket(x => x * x + 1, 0, 1));
        Assert.Throws<ArgumentException>(() => RootFinding.Bracket(x => x, 1, 1));
    }

    [Fact]
    public void Linear_fit_matches_an_independent_least_squares()
    {
        var x = Enumerable.Range(0, 30).Select(i => 0.3 * i).ToArray();
        var noise = Naive.Random(30, 40, "lin");
        var y = x.Select((v, i) => 1.5 - 0.7 * v + 0.2 * noise[i]).ToArray();
        var fit = LinearFit.Fit(x, y);
        var (intercept, slope) = MathNet.Numerics.Fit.Line(x, y);
        Assert.Equal(slope, fit.Slope, 1e-12);
        Assert.Equal(intercept, fit.Intercept, 1e-12);
        Assert.Equal(MathNet.Numerics.GoodnessOfFit.RSquared(x.Select(v => intercept + slope * v), y), fit.RSquared, 1e-12);
        // Standard error of the slope: s/√Sxx.
        double mx = x.Average(), sxx = x.Sum(v => (v - mx) * (v - mx));
        double s2 = x.Select((v, i) => Math.Pow(y[i] - intercept - slope * v, 2)).Sum() / (x.Length - 2);
        Assert.Equal(Math.Sqrt(s2 / sxx), fit.SlopeStdError, 1e-12);
        // Uniform weights change nothing; an exact line has R² = 1.
        var w = Enumerable.Repeat(2.0, 30).ToArray();
        Assert.Equal(fit.Slope, LinearFit.Fit(x, y, w).Slope, 1e-12);
        Assert.Equal(1.0, LinearFit.Fit(x, x.Select(v => 3 * v - 1).ToArray()).RSquared, 1e-14);
        Assert.Throws<ArgumentException>(() => LinearFit.Fit([1.0, 1.0], [2.0, 3.0]));
    }

    private static (double[] X, double[] Y) PowerLawData(int points, ulong seed, double exponent = -0.7, double noise = 0.05)
    {
        var x = Enumerable.Range(0, points).Select(i => Math.Pow(10, 1 + 2.0 * i / (points - 1))).ToArray();
        var e = Naive.Random(points, seed, "powerlaw");
        var y = x.Select((v, i) => 3 * Math.Pow(v, exponent) * Math.Exp(noise * e[i])).ToArray();
        return (x, y);
    }

    [Fact]
    public void Power_law_fit_recovers_the_exponent_with_a_shrinking_confidence_interval()
    {
        var (x, y) = PowerLawData(10, 1);
        var small = PowerLawFit.Fit(x, y, 1000, seed: 5);
        Assert.InRange(-0.7, small.CiLow, small.CiHigh);
        Assert.True(small.CiLow < small.Exponent && small.Exponent < small.CiHigh);
        var (x2, y2) = PowerLawData(160, 2);
        var large = PowerLawFit.Fit(x2, y2, 1000, seed: 5);
        Assert.InRange(-0.7, large.CiLow, large.CiHigh);
        Assert.True(large.CiHigh - large.CiLow < 0.5 * (small.CiHigh - small.CiLow), $"CI widths {small.CiHigh - small.CiLow} → {large.CiHigh - large.CiLow}");
        Assert.Equal(3.0, large.Prefactor, 0.1);
        // Deterministic given the seed; another seed gives a slightly different interval.
        Assert.Equal(small, PowerLawFit.Fit(x, y, 1000, seed: 5));
        Assert.NotEqual(small.CiLow, PowerLawFit.Fit(x, y, 1000, seed: 6).CiLow);
        Assert.Throws<ArgumentException>(() => PowerLawFit.Fit([1.0, 2.0, -3.0], [1.0, 2.0, 3.0]));
    }

    [Fact]
    public void Power_law_bootstrap_interval_has_roughly_nominal_coverage()
    {
        // Over 60 independent data sets the 95% interval should contain the truth most of the time (≥ 80%).
        int covered = 0, sets = 60;
        for (int s = 0; s < sets; s++)
        {
            var (x, y) = PowerLawData(25, (ulong)(100 + s), -1.2, 0.1);
            var fit = PowerLawFit.Fit(x, y, 400, seed: (ulong)s);
            if (fit.CiLow <= -1.2 && -1.2 <= fit.CiHigh) covered++;
        }
        Assert.True(covered >= 48, $"coverage {covered}/{sets}");
    }
}
