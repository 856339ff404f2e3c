using FeatureScale.Numerics;
using FeatureScale.Theory;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Theory;

/// <summary>The exact two-layer LDT (App. B.3) against independent quadratures.</summary>
public class TwoLayerLdtTests
{
    private static LdtConfig Erf(string target, int d, int n, double alpha = 1) =>
        new(Activation.Parse("erf"), HermiteTarget.Parse(target), d, n, 1, alpha);

    [Theory]
    [InlineData("erf", "he3", 0.7, 0.9)]
    [InlineData("erf", "h3", -0.4, 1.3)]
    [InlineData("erf", "h5", 0.5, 1.1)]
    [InlineData("tanh", "h3", 0.6, 1.0)]
    [InlineData("erf", "He1", 0.3, 0.5)]
    public void Eq35OverlapMatchesDirectQuadrature(string act, string target, double beta, double perpSquared)
    {
        // ⟨σ(w·x), y(w*·x)⟩ for |w|² = β² + perp², w·w* = β, by a 2-D Gauss–Hermite rule, against c_m β^m E[σ^{(m)}].
        var a = Activation.Parse(act);
        var y = HermiteTarget.Parse(target);
        double q = beta * beta + perpSquared;
        double direct = GaussHermite.Expectation2D((u, v) => a.Value(u) * y.Value(v), q, 1, beta, 120);
        double identity = y.Prefactor * Math.Pow(beta, y.Degree) * a.DerivativeExpectation(y.Degree, q);
        Assert.Equal(direct, identity, 1e-10);
        if (act == "erf" && target == "he3")
        {
            // Eq. 35 literally: ⟨erf, He_3/3!⟩² = 4/(9π) (β/√(1+2|w|²))^6.
            double eq35 = 4 / (9 * Math.PI) * Math.Pow(beta / Math.Sqrt(1 + 2 * q), 6);
            Assert.Equal(eq35, identity * identity, 1e-13);
        }
    }

    [Theory]
    [InlineData(1)] [InlineData(3)] [InlineData(5)]
    public void ErfClosedFormMatchesQuadraturePath(int m)
    {
        var closed = Activation.Parse("erf");
        var quad = Activation.Parse("erf").Numerical();
        foreach (double s in new[] { 0.3, 1.0, 2.7 })
            Assert.Equal(quad.DerivativeExpectation(m, s), closed.DerivativeExpectation(m, s), 1e-9);
        Assert.Equal(quad.SecondMoment(1.0), closed.SecondMoment(1.0), 1e-10);
        var relu = Activation.Parse("relu");
        var reluQ = Activation.Parse("relu").Numerical();
        Assert.Equal(reluQ.DerivativeExpectation(m + 1, 1.3), relu.DerivativeExpectation(m + 1, 1.3), 1e-8);
    }

    [Theory]
    [InlineData("he3", 40, 40, 1.0)]
    [InlineData("h3", 40, 40, 1.0)]
    [InlineData("he3", 100, 50, 0.5)]
    public void SaddleSolvesEq37AndEnergyMatchesEq40ByIndependentQuadrature(string target, int d, int n, double alpha)
    {
        var ldt = new TwoLayerLdt(Erf(target, d, n, alpha));
        var r = ldt.Solve();
        Assert.True(r.SaddleResidual < 1e-10, $"relative residual {r.SaddleResidual}");
        Assert.True(Math.Abs(ldt.SaddleResidual(r.TStar)) < 1e-10 * r.TStar);

        // Eq. 37 with adaptive Gauss–Legendre over β (independent of the solver's trapezoid grid).
        double c2(double b) { double c = ldt.Overlap(b); return c * c; }
        double w(double b) => Math.Exp(-0.5 * d * ldt.S(b, r.TStar) - Shift(ldt, r.TStar, d));
        double z0 = Integrate(w), z1 = Integrate(b => c2(b) * w(b));
        double rhs = alpha / (z1 / z0);
        Assert.Equal(r.TStar, rhs, r.TStar * 1e-8);
        // Eq. 40 (with the Gaussian normalisation √(d/2π) so that the log term is a log-expectation).
        double logMgf = Math.Log(Math.Sqrt(d / (2 * Math.PI)) * z0) + Shift(ldt, r.TStar, d);
        Assert.Equal(r.TStar * alpha - n * logMgf, r.Energy, Math.Abs(r.Energy) * 1e-8);
        // t* maximises the concave F(t) = tα − N log E e^{…}.
        double F(double t) => t * alpha - n * ldt.Moments(t).LogMgf;
        Assert.True(F(r.TStar) >= F(r.TStar * 1.01) && F(r.TStar) >= F(r.TStar * 0.99));
    }

    /// <summary>Max of −dS/2 over β (so the exponentials stay finite).</summary>
    private static double Shift(TwoLayerLdt ldt, double t, int d)
    {
        double m = 0;
        for (double b = 0; b < 6; b += 0.001) m = Math.Max(m, -0.5 * d * ldt.S(b, t));
        return m;
    }

    private static double Integrate(Func<double, double> f) =>
        2 * (Quadrature.Integrate(f, 0, 1, 1e-15, 1e-12).Value + Quadrature.Integrate(f, 1, 3, 1e-15, 1e-12).Value
             + Quadrature.Integrate(f, 3, double.PositiveInfinity, 1e-15, 1e-12).Value);

    [Fact]
    public void PStarGrowsLinearlyInDAtNEqualD()
    {
        int[] ds = [20, 40, 80, 160, 320];
        foreach (var target in new[] { "he3", "h3" })
        {
            var rows = TwoLayerLdt.Curve(Erf(target, 40, 40), ds, 1.0);
            var fit = LinearFit.Fit(rows.Select(r => Math.Log(r.D)).ToArray(), rows.Select(r => Math.Log(r.Result.PStar)).ToArray());
            Assert.InRange(fit.Slope, 0.95, 1.05);
        }
    }

    [Fact]
    public void NngpKAndTiltedDensity()
    {
        var ldt = new TwoLayerLdt(Erf("he3", 40, 40));
        Assert.Equal(2 / Math.PI * Math.Asin(2.0 / 3.0) + 1.0 / 6.0, ldt.NngpK(), 1e-12);
        var r = ldt.Solve();
        var dens = ldt.TiltedDensity(r.TStar, 2.5, 1001);
        Assert.Equal(0, dens.Min(x => x.NegLogDensity), 12);
        for (int i = 0; i < dens.Count; i++) Assert.Equal(dens[i].NegLogDensity, dens[dens.Count - 1 - i].NegLogDensity, 9);
        // M-Sp shape (Fig. 2a): a second local minimum (specialised lobe) beyond 3σ₁/√d.
        var lobes = Enumerable.Range(1, dens.Count - 2)
            .Where(i => dens[i].NegLogDensity < dens[i - 1].NegLogDensity && dens[i].NegLogDensity < dens[i + 1].NegLogDensity && dens[i].Beta > 3 / Math.Sqrt(40))
            .ToList();
        Assert.Single(lobes);
    }

    [Fact]
    public void BadInputsGiveConfigErrors()
    {
        Assert.Throws<ConfigException>(() => HermiteTarget.Parse("x3"));
        Assert.Throws<ConfigException>(() => Activation.Parse("swish"));
        Assert.Throws<ConfigException>(() => new TwoLayerLdt(Erf("he3", 0, 10)));
        // erf has no even Hermite component: a degree-2 target cannot be aligned.
        Assert.Throws<ConfigException>(() => new TwoLayerLdt(Erf("h2", 10, 10)));
    }
}
