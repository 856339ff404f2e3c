using FeatureScale.Activations;

namespace FeatureScale.Tests.Activations;

/// <summary>
/// Every registered activation against independent computations of its own value: closed-form derivatives against
/// central differences, the vectorised span kernels against the scalar value, closed-form Gaussian integrals
/// (two-point function, Hermite coefficients, g_m, E[σ²]) against the numerical defaults of the same σ.
/// </summary>
public class ActivationContractTests
{
    public static TheoryData<string> Names => new(ActivationCatalog.Names);

    private static readonly double[] Points = [-2.7, -1.1, -0.3, 0.2, 0.9, 1.6, 3.1];

    [Theory, MemberData(nameof(Names))]
    public void DerivativeMatchesCentralDifferences(string name)
    {
        var a = Activation.Parse(name);
        foreach (var x in Points)
        {
            double h = 1e-5, fd = (a.Value(x + h) - a.Value(x - h)) / (2 * h);
            Assert.True(Math.Abs(a.Derivative(x) - fd) < 1e-7 * Math.Max(1, Math.Abs(fd)), $"{name} at {x}: {a.Derivative(x)} vs {fd}");
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void SpanKernelsMatchTheScalarValueInDoubleAndFloat(string name)
    {
        var a = Activation.Parse(name);
        var x = Enumerable.Range(0, 37).Select(i => -3 + 0.17 * i).ToArray();
        var y = new double[x.Length]; var dy = new double[x.Length];
        a.Apply<double>(x, y, dy);
        var xf = x.Select(v => (float)v).ToArray();
        var yf = new float[x.Length]; var dyf = new float[x.Length];
        a.Apply<float>(xf, yf, dyf);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(a.Value(x[i]), y[i], 1e-14);
            Assert.Equal(a.Derivative(x[i]), dy[i], 1e-13);
            Assert.Equal(a.Value(xf[i]), yf[i], 2e-6 * Math.Max(1, Math.Abs(y[i])));
            Assert.Equal(a.Derivative(xf[i]), dyf[i], 2e-6 * Math.Max(1, Math.Abs(dy[i])));
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void ClosedFormGaussianIntegralsMatchTheNumericalDefaults(string name)
    {
        var a = Activation.Parse(name);
        var numeric = a.Numerical();
        Assert.True(numeric.UsesQuadrature);
        // Gauss–Hermite rules converge only algebraically on a kink, so ReLU's closed forms are checked against
        // split-interval quadrature and Monte Carlo in NngpKernelTests instead of against its numerical default.
        bool smooth = name != "relu";
        if (smooth)
        foreach (var (q1, q2, c) in new[] { (0.7, 1.3, 0.4), (1.0, 1.0, -0.6), (2.0, 0.5, 0.75) }) // |ρ| ≤ 0.8: the Mehler series
            Assert.Equal(numeric.Covariance(q1, q2, c), a.Covariance(q1, q2, c), 1e-7 * Math.Max(1, Math.Abs(a.Covariance(q1, q2, c))));
        var ha = a.HermiteCoefficients(8, 0.8); var hn = numeric.HermiteCoefficients(8, 0.8);
        for (int n = 0; n <= 8 && smooth; n++) Assert.Equal(hn[n], ha[n], 1e-9);
        foreach (var s in new[] { 0.3, 1.0, 2.5 })
        {
            Assert.Equal(numeric.SecondMoment(s), a.SecondMoment(s), 1e-8 * Math.Max(1, a.SecondMoment(s)));
            for (int m = 0; m <= 5; m++)
            {
                if (name == "relu" && m >= 2) continue; // δ and its derivatives: no integrable numerical form
                Assert.Equal(numeric.DerivativeExpectation(m, s), a.DerivativeExpectation(m, s), 1e-7);
            }
        }
    }

    [Fact]
    public void AliasesParseToTheirCanonicalActivationAndUnknownNamesListTheValidOnes()
    {
        Assert.Equal(Activation.Quadratic, Activation.Parse("1+x+x^2"));
        Assert.Equal(Activation.Quadratic, Activation.Parse("quad"));
        Assert.Equal(Activation.Square, Activation.Parse("x^2"));
        Assert.Equal(Activation.Linear, Activation.Parse("IDENTITY"));
        Assert.NotEqual(Activation.Erf, Activation.Erf.Numerical());
        var e = Assert.Throws<ConfigException>(() => Activation.Parse("swish"));
        foreach (var n in ActivationCatalog.Names) Assert.Contains(n, e.Message);
    }

    [Fact]
    public void AUserFunctionGetsEveryCapabilityNumerically()
    {
        var softplus = Activation.FromFunction("softplus", x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))));
        Assert.Equal(1 / (1 + Math.Exp(-0.4)), softplus.Derivative(0.4), 1e-8);
        // g_1(s) = E[σ′(t)] by integration by parts equals the direct expectation of the derivative.
        double direct = FeatureScale.Numerics.GaussHermite.Expectation(z => 1 / (1 + Math.Exp(-Math.Sqrt(0.9) * z)), 120);
        Assert.Equal(direct, softplus.DerivativeExpectation(1, 0.9), 1e-9);
        Assert.Equal(softplus.CovarianceByQuadrature(1, 1, 0.3, 80), softplus.Covariance(1, 1, 0.3), 1e-9);
    }
}
