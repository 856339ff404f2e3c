using FeatureScale.Kernels;
using FeatureScale.Numerics;

namespace FeatureScale.Tests.Kernels;

/// <summary>
/// The idealised curve of Figs. 5–6 (<see cref="PropagationTheory"/>): its large-d limit against the closed forms
/// derived by hand, its finite-d quadrature against Monte Carlo over the exact input distribution, and its shape.
/// </summary>
public class PropagationTheoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    [InlineData(16.0)]
    public void LargeDQuadratureMatchesTheClosedForms(double boost)
    {
        // d → ∞ at fixed D: d²⟨Φ|K|Φ⟩ → A(D) and d²/⟨Φ|K⁻¹|Φ⟩ → B(D) (Taylor expansion about ρ₀ = 1/π). The
        // quadrature knows nothing of the expansion; corrections are O(D/d) = 1.6e-4 here. Tolerance 0.2%.
        const int d = 100_000;
        var pt = PropagationTheory.Idealised(d, boost);
        double a = (double)d * d / pt.InverseQuadratic, b = (double)d * d / pt.RkhsNorm;
        output.WriteLine($"D={boost}: d²Q = {a:0.000000} vs {PropagationTheory.LargeDQuadratic(boost):0.000000}; " +
            $"d²/R = {b:0.000000} vs {PropagationTheory.LargeDInverseRkhs(boost):0.000000}");
        Assert.Equal(1, a / PropagationTheory.LargeDQuadratic(boost), 0.002);
        Assert.Equal(1, b / PropagationTheory.LargeDInverseRkhs(boost), 0.002);
    }

    [Fact]
    public void LargeDClosedFormsHaveTheStatedCoefficients()
    {
        // A(D) = 0.0315 D² + 0.0167 D + 0.0825 and B(D) = 0.0257 D² − 0.0095 D + 0.0527 (docs/guide/kernels.md).
        static double A(double x) => PropagationTheory.LargeDQuadratic(x);
        static double B(double x) => PropagationTheory.LargeDInverseRkhs(x);
        Assert.Equal(0.0825, A(0), 4);
        Assert.Equal(0.0315, (A(1) + A(-1) - 2 * A(0)) / 2, 4);
        Assert.Equal(0.0167, (A(1) - A(-1)) / 2, 4);
        Assert.Equal(0.0527, B(0), 4);
        Assert.Equal(0.0257, (B(1) + B(-1) - 2 * B(0)) / 2, 4);
        Assert.Equal(-0.0095, (B(1) - B(-1)) / 2, 4);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(16.0)]
    [InlineData(256.0)]
    [InlineData(4096.0)]
    public void FiniteDQuadraticMatchesMonteCarloOverTheExactInputs(double boost)
    {
        // Independent computation at d = 120: |x⊥|² ~ χ²_{d−1} and the cosine of x⊥, x'⊥ drawn exactly (from
        // Gaussians), Gauss–Hermite with 48 nodes (the theory: 32) over t, t'. The theory approximates these two by
        // Gaussians (O(1/d)); measured gap ≤ 1%. Tolerance: 1.5% + 4 standard errors.
        const int d = 120, samples = 300;
        double lam = 1.0 / (4 * d), extra = (boost - 1) * lam;
        var rule = GaussHermite.Normal(48);
        var rng = RandomStream.For(7, 0, "propagation-theory-mc");
        var g = new double[2 * (d - 1) + (d - 2)];
        double sum = 0, sum2 = 0;
        for (int k = 0; k < samples; k++)
        {
            rng.FillGaussian(g);
            double a = 0, b = 0, ab = 0;
            for (int i = 0; i < d - 1; i++)
            {
                a += g[i] * g[i]; b += g[d - 1 + i] * g[d - 1 + i]; ab += g[i] * g[d - 1 + i];
            }
            double v = 0;
            for (int i = 0; i < rule.Nodes.Length; i++)
                for (int j = 0; j < rule.Nodes.Length; j++)
                {
                    double t = rule.Nodes[i], tp = rule.Nodes[j];
                    double n1 = (a + t * t) / d, n2 = (b + tp * tp) / d, c1 = (ab + t * tp) / d;
                    double q12 = PropagationTheory.ArcCosine(n1, n2, c1) + extra * t * tp;
                    double k2 = PropagationTheory.ArcCosine(n1 / 2 + extra * t * t, n2 / 2 + extra * tp * tp, q12);
                    v += rule.Weights[i] * rule.Weights[j] * (t * t - 1) * (tp * tp - 1) / 2 * k2;
                }
            sum += v; sum2 += v * v;
        }
        double mean = sum / samples, se = Math.Sqrt((sum2 / samples - mean * mean) / samples);
        double theory = 1 / PropagationTheory.Idealised(d, boost).InverseQuadratic;
        output.WriteLine($"D={boost}: MC {mean:0.000000E+0} ± {se:0.0E+0}, theory {theory:0.000000E+0} " +
            $"(ratio {theory / mean:0.0000})");
        Assert.True(Math.Abs(theory - mean) <= 0.015 * mean + 4 * se, $"theory {theory} vs MC {mean} ± {se}");
    }

    [Fact]
    public void IdealisedCurveAtD120IsSteepestNearMinus18AndFlattensToMinus1()
    {
        // The independent estimate: steepest local slope ≈ −1.8 at d = 120, approaching −1 for D ≫ d.
        // Tolerances: steepest ∈ [−1.9, −1.7], last (D 2048 → 4096) ∈ [−1.15, −0.95]; ⟨Φ|K⁻¹|Φ⟩ ≥ ⟨Φ|K|Φ⟩⁻¹
        // (Cauchy–Schwarz, also for the Galerkin value) everywhere.
        var boosts = PropagationConfig.DefaultBoosts();
        var curve = PropagationTheory.Curve(120, boosts);
        var sr = PropagationTheory.LocalSlopes(boosts, curve.Select(t => t.RkhsNorm).ToArray());
        var sq = PropagationTheory.LocalSlopes(boosts, curve.Select(t => t.InverseQuadratic).ToArray());
        output.WriteLine("R slopes " + string.Join(" ", sr.Select(v => v.ToString("0.00"))));
        output.WriteLine("1/Q slopes " + string.Join(" ", sq.Select(v => v.ToString("0.00"))));
        Assert.InRange(sr.Min(), -1.9, -1.7);
        Assert.InRange(sr[^1], -1.15, -0.95);
        Assert.InRange(sq[^1], -1.15, -0.95);
        Assert.All(curve, t => Assert.True(t.RkhsNorm >= t.InverseQuadratic * (1 - 1e-9)));
        // The D⁻² window widens with d: the steepest slope at d = 960 is steeper than at d = 120.
        var wide = PropagationTheory.Curve(960, boosts);
        var sw = PropagationTheory.LocalSlopes(boosts, wide.Select(t => t.RkhsNorm).ToArray());
        output.WriteLine("R slopes d=960 " + string.Join(" ", sw.Select(v => v.ToString("0.00"))));
        Assert.True(sw.Min() < sr.Min() - 0.05, $"steepest {sw.Min()} (d = 960) vs {sr.Min()} (d = 120)");
    }

    [Fact]
    public void PowerOneFallsAsExactlyInverseDAtLargeD()
    {
        // m = 1: the degree-1 part of K2 is κ'(1/π)·Dλ*·t t', so ⟨Φ|K|Φ⟩⁻¹ = 4d/(κ'(1/π) D) as d → ∞.
        const int d = 100_000;
        double g = (Math.PI - Math.Acos(1 / Math.PI)) / (2 * Math.PI);
        foreach (double boost in new[] { 1.0, 8.0, 64.0 })
        {
            var pt = PropagationTheory.Idealised(d, boost, power: 1);
            Assert.Equal(1, pt.InverseQuadratic / (4.0 * d / (g * boost)), 0.005);
            Assert.Equal(pt.InverseQuadratic, pt.RkhsNorm, 9);
        }
    }

    [Fact]
    public void AppliesOnlyWhereTheDerivationHolds()
    {
        var c = PropagationConfig.Full();
        Assert.True(PropagationTheory.Applies(c));
        Assert.False(PropagationTheory.Applies(PropagationConfig.PowerLaw()));
        Assert.False(PropagationTheory.Applies(c with { Act = "quadratic" }));
        Assert.False(PropagationTheory.Applies(c with { LayerNorm = true }));
        Assert.False(PropagationTheory.Applies(c with { ModeRank = 1 }));
    }
}
