using FeatureScale.Models;
using FeatureScale.Numerics;

namespace FeatureScale.Tests.Langevin;

public class ErfSingleTests
{
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
