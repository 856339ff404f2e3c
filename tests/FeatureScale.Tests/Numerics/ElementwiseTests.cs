using FeatureScale.Numerics;
using FsCheck;
using FsCheck.Xunit;

namespace FeatureScale.Tests.Numerics;

/// <summary>exp, tanh, ReLU, softmax and log-sum-exp against naive scalar code (double and float).</summary>
public class ElementwiseTests
{
    private static double[] Grid(int n, double lo, double hi) => Enumerable.Range(0, n).Select(i => lo + (hi - lo) * i / (n - 1)).ToArray();

    [Fact]
    public void SinCosPi_matches_the_math_library_and_is_pure_per_element()
    {
        // The Box–Muller angles t ∈ [0, 2), the quadrant boundaries k/4 and their neighbours, negatives and odd lengths.
        var rng = FeatureScale.Numerics.RandomStream.For(5, 0, "sincospi");
        var t = new List<double>();
        for (int i = 0; i < 4001; i++) t.Add(2 * rng.NextDouble());
        for (int k = -12; k <= 12; k++)
        {
            double b = k / 4.0;
            t.AddRange([b, Math.BitIncrement(b), Math.BitDecrement(b)]);
        }
        t.AddRange([1e-300, -3.5, 7.25, 1e6 + 0.125]);
        var x = t.ToArray();
        var s = new double[x.Length]; var c = new double[x.Length];
        FeatureScale.Numerics.Elementwise.SinCosPi(x, s, c);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(s[i] - double.SinPi(x[i])) <= 3e-16, $"sin(π·{x[i]:R}) = {s[i]:R}, expected {double.SinPi(x[i]):R}");
            Assert.True(Math.Abs(c[i] - double.CosPi(x[i])) <= 3e-16, $"cos(π·{x[i]:R}) = {c[i]:R}, expected {double.CosPi(x[i]):R}");
        }
        // Element i's value does not depend on the span it is computed in.
        for (int start = 0; start < 40; start += 7)
        {
            var s2 = new double[5]; var c2 = new double[5];
            FeatureScale.Numerics.Elementwise.SinCosPi(x.AsSpan(start, 5), s2, c2);
            Assert.Equal(s.AsSpan(start, 5).ToArray(), s2);
            Assert.Equal(c.AsSpan(start, 5).ToArray(), c2);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1001)]
    public void Exp_and_tanh_match_math_library(int n)
    {
        var x = Grid(n, -30, 30);
        if (n == 1) x = [0.37];
        var y = new double[n];
        Elementwise.Exp(x, y);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(y[i] - Math.Exp(x[i])) <= 1e-15 * Math.Exp(x[i]), $"exp({x[i]})");
        Elementwise.Tanh(x, y);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(y[i] - Math.Tanh(x[i])) <= 1e-15 * Math.Abs(Math.Tanh(x[i])), $"tanh({x[i]})");
        var xf = x.Select(v => (float)v).ToArray(); var yf = new float[n];
        Elementwise.Exp(xf, yf);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(yf[i] - Math.Exp(xf[i])) <= 3e-7 * Math.Exp(xf[i]), $"float exp({xf[i]})");
        Elementwise.Tanh(xf, yf);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(yf[i] - Math.Tanh(xf[i])) <= 3e-7 * Math.Abs(Math.Tanh(xf[i])) + 1e-30, $"float tanh({xf[i]})");
    }

    [Fact]
    public void Tanh_keeps_full_relative_accuracy_near_zero()
    {
        double[] x = [0, -0.0, 1e-300, -1e-300, 1e-10, -1e-7, 1e-3, 0.3, 0.6249, 0.6251, -0.9, 3, 19, 25, 800, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 4.9e-324];
        var y = new double[x.Length];
        Elementwise.Tanh(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(x[i]);
            if (double.IsNaN(expected)) { Assert.True(double.IsNaN(y[i])); continue; }
            Assert.True(Math.Abs(y[i] - expected) <= 1e-15 * Math.Abs(expected), $"tanh({x[i]:R}) = {y[i]:R}, expected {expected:R}");
        }
        var xf = x.Select(v => (float)v).ToArray(); var yf = new float[x.Length];
        Elementwise.Tanh(xf, yf);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(xf[i]);
            if (double.IsNaN(expected)) { Assert.True(float.IsNaN(yf[i])); continue; }
            Assert.True(Math.Abs(yf[i] - expected) <= 1e-7 * Math.Abs(expected), $"tanh((float){xf[i]:R}) = {yf[i]:R}");
        }
    }

    [Fact]
    public void Tanh_derivative_from_value_matches_finite_differences()
    {
        var x = Grid(101, -4, 4);
        var t = new double[x.Length]; var d = new double[x.Length];
        Elementwise.Tanh(x, t);
        Elementwise.TanhDerivativeFromValue(t, d);
        for (int i = 0; i < x.Length; i++)
        {
            double c = Math.Cosh(x[i]);
            Assert.Equal(1 / (c * c), d[i], 1e-15);
            Assert.Equal((Math.Tanh(x[i] + 1e-6) - Math.Tanh(x[i] - 1e-6)) / 2e-6, d[i], 1e-9);
        }
    }

    [Fact]
    public void Relu_and_its_derivative_are_exact_including_zero_and_tails()
    {
        double[] x = [-3, -0.0, 0.0, 1e-310, -1e-310, 2.5, double.PositiveInfinity, double.NegativeInfinity, 7, -7, 0.5, -0.5, 1, 2, 3, 4, 5];
        var y = new double[x.Length]; var d = new double[x.Length];
        Elementwise.Relu(x, y);
        Elementwise.ReluDerivative(x, d);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i] > 0 ? x[i] : 0.0, y[i]);
            Assert.Equal(x[i] > 0 ? 1.0 : 0.0, d[i]);
        }
        var xf = x.Select(v => (float)v).ToArray(); var yf = new float[x.Length]; var df = new float[x.Length];
        Elementwise.Relu(xf, yf); Elementwise.ReluDerivative(xf, df);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(xf[i] > 0 ? xf[i] : 0f, yf[i]);
            Assert.Equal(xf[i] > 0 ? 1f : 0f, df[i]);
        }
        // In place.
        Elementwise.ReluDerivative(x, x);
        Assert.Equal(d, x);
    }

    private static double[] NaiveSoftmax(double[] x)
    {
        var e = x.Select(Math.Exp).ToArray();
        double s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }

    [Fact]
    public void Softmax_matches_naive_for_moderate_logits_and_rows_sum_to_one()
    {
        int rows = 7, cols = 13;
        var x = Naive.Random(rows * cols, 31, "logits").Select(v => 3 * v).ToArray();
        var y = new double[x.Length];
        Elementwise.SoftmaxRows(x, rows, cols, y);
        for (int r = 0; r < rows; r++)
        {
            var expected = NaiveSoftmax(x.AsSpan(r * cols, cols).ToArray());
            double sum = 0;
            for (int j = 0; j < cols; j++) { Assert.Equal(expected[j], y[r * cols + j], 1e-15); sum += y[r * cols + j]; }
            Assert.Equal(1.0, sum, 1e-15);
        }
        var xf = x.Take(cols).Select(v => (float)v).ToArray(); var yf = new float[cols];
        Elementwise.Softmax(xf, yf);
        for (int j = 0; j < cols; j++) Assert.Equal(y[j], yf[j], 1e-6);
    }

    [Fact]
    public void Softmax_is_stable_for_huge_logits()
    {
        double[] x = [1e4, 1e4 - 1, -1e4, 1e4, double.NegativeInfinity];
        var y = new double[x.Length];
        Elementwise.Softmax(x, y);
        Assert.All(y, v => Assert.True(double.IsFinite(v)));
        double z = 2 + Math.Exp(-1);
        Assert.Equal(1 / z, y[0], 1e-15);
        Assert.Equal(Math.Exp(-1) / z, y[1], 1e-15);
        Assert.Equal(0.0, y[2]);
        Assert.Equal(0.0, y[4]);
        double[] neg = [-1e4, -1e4 - 2];
        var yn = new double[2];
        Elementwise.Softmax(neg, yn);
        Assert.Equal(1 / (1 + Math.Exp(-2)), yn[0], 1e-15);
        float[] xf = [1e4f, -1e4f, 1e4f];
        var yf = new float[3];
        Elementwise.Softmax(xf, yf);
        Assert.Equal([0.5f, 0f, 0.5f], yf);
    }

    [Property(MaxTest = 100)]
    public bool Softmax_is_invariant_to_shifts(NormalFloat a, NormalFloat b, NormalFloat c, NormalFloat shift)
    {
        double[] x = [Math.Clamp(a.Get, -50, 50), Math.Clamp(b.Get, -50, 50), Math.Clamp(c.Get, -50, 50)];
        double s = Math.Clamp(shift.Get, -1e3, 1e3);
        var y1 = new double[3]; var y2 = new double[3];
        Elementwise.Softmax(x, y1);
        Elementwise.Softmax(x.Select(v => v + s).ToArray(), y2);
        return Enumerable.Range(0, 3).All(i => Math.Abs(y1[i] - y2[i]) <= 1e-12) && Math.Abs(y1.Sum() - 1) <= 1e-15;
    }

    [Fact]
    public void Log_sum_exp_is_stable_and_matches_naive()
    {
        var x = Naive.Random(50, 32, "lse");
        Assert.Equal(Math.Log(x.Sum(Math.Exp)), Elementwise.LogSumExp(x), 1e-13);
        Assert.Equal(1e4 + Math.Log(2), Elementwise.LogSumExp([1e4, 1e4]), 1e-12);
        Assert.Equal(-1e4 + Math.Log(1 + Math.Exp(-3)), Elementwise.LogSumExp([-1e4, -1e4 - 3]), 1e-12);
        Assert.Equal(double.NegativeInfinity, Elementwise.LogSumExp([]));
        Assert.Equal(double.PositiveInfinity, Elementwise.LogSumExp([1, double.PositiveInfinity]));
    }
}
