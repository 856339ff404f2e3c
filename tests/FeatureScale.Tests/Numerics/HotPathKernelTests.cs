using System.Runtime.Intrinsics;
using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Numerics;

/// <summary>The network hot-path kernels (interleaved double erf, fast exp, single-precision erf) against references.</summary>
public class HotPathKernelTests
{
    [Fact]
    public void VectorExpMatchesMathExp()
    {
        var rng = RandomStream.For(13, 0, "exp");
        var u = new double[80000];
        rng.FillUniform(u);
        var x = u.Select((v, i) => i % 4 == 0 ? -750 + 1470 * v : i % 4 == 1 ? -40 * v : i % 4 == 2 ? 2 * v - 1 : -1e-12 * v).Concat([0, -708, -708.5, 709, 710, double.NaN, double.NegativeInfinity, double.PositiveInfinity]).ToArray();
        var y = new double[x.Length];
        int n8 = x.Length / 8 * 8;
        for (int i = 0; i < n8; i += 8) VectorExp.Exp(System.Runtime.Intrinsics.Vector512.Create(x.AsSpan(i, 8))).CopyTo(y.AsSpan(i, 8));
        for (int i = 0; i < n8; i++)
        {
            double r = Math.Exp(x[i]);
            if (double.IsNaN(x[i])) { Assert.True(double.IsNaN(y[i])); continue; }
            if (x[i] < -708) { Assert.Equal(0.0, y[i]); continue; }
            if (x[i] > 709.78) { Assert.Equal(double.PositiveInfinity, y[i]); continue; }
            Assert.True(Math.Abs(y[i] - r) <= 5e-16 * r, $"exp({x[i]:R}) = {y[i]:R} vs {r:R}");
        }
    }

    [Fact]
    public void ExpOfNonPositiveArgumentsIsBitIdenticalToTheGeneralVectorExp()
    {
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return; // both are AVX-512 kernels
        var rng = RandomStream.For(14, 0, "exp-nonpositive");
        var u = new double[40000];
        rng.FillUniform(u);
        var x = u.Select((v, i) => i % 3 == 0 ? -708 * v : i % 3 == 1 ? -3 * v : -1e-9 * v).Concat([0.0, -0.0, -708, -700, -1e-300, -0.5 * Math.Log(2)]).ToArray();
        int n8 = x.Length / 8 * 8;
        for (int i = 0; i < n8; i += 8)
        {
            var v = System.Runtime.Intrinsics.Vector512.Create(x.AsSpan(i, 8));
            Assert.Equal(VectorExp.Exp(v), VectorExp.ExpNonPositive(v));
        }
    }

    [Fact]
    public void SinglePrecisionErfMatchesTheDoubleKernel()
    {
        var x = Enumerable.Range(0, 40001).Select(i => -6f + 12f * i / 40000).Append(1e-6f).Append(-3e-4f).Append(float.NaN).ToArray();
        var y = new float[x.Length]; var dy = new float[x.Length];
        ErfSingle.Apply(x, y, dy);
        double worstRel = 0, worstAbs = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double r = Elementwise.ErfScalar(x[i]);
            worstAbs = Math.Max(worstAbs, Math.Abs(y[i] - r));
            if (Math.Abs(r) > 1e-30) worstRel = Math.Max(worstRel, Math.Abs(y[i] - r) / Math.Abs(r));
            double dr = Elementwise.TwoOverSqrtPi * Math.Exp(-(double)x[i] * x[i]);
            Assert.True(Math.Abs(dy[i] - dr) <= (1e-6 + 1e-7 * x[i] * x[i]) * dr + 1e-37, $"erf'({x[i]}) = {dy[i]} vs {dr}");
            Assert.Equal(ErfSingle.Scalar(x[i]), y[i], 6e-7 * Math.Max(1e-30, Math.Abs(r)) + 1e-38);
        }
        Assert.True(worstRel < 5e-7, $"worst relative error {worstRel:E2}");
        Assert.True(float.IsNaN(y[^1]));
    }
}
