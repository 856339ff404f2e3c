using FeatureScale.Numerics;
using FsCheck;
using FsCheck.Xunit;

namespace FeatureScale.Tests.Numerics;

/// <summary>
/// erf against an independent high-precision reference (<see cref="HighPrecision"/>) over the whole line: max
/// relative error ≤ 1e-13 in double and ≤ 1e-6 in float. Subnormal results are allowed one unit of the subnormal
/// spacing on top (the format itself cannot hold them to 1e-13).
/// </summary>
public class ErfTests
{
    private static readonly Lazy<(double[] X, double[] Ref)> Grid = new(BuildGrid);

    /// <summary>Dense grid on [−6.5, 6.5], points at and around the branch points ±3 and the series-degree bounds,
    /// tiny (down to subnormal) and huge magnitudes, ±0, ±∞, NaN; shuffled so that vector lanes mix branches.</summary>
    private static (double[], double[]) BuildGrid()
    {
        var xs = new List<double>();
        for (int i = -3250; i <= 3250; i++) xs.Add(i * 0.002);                       // step 0.002 through ±6.5
        var rng = RandomStream.For(2024, 0, "erf-grid");
        for (int i = 0; i < 1500; i++) xs.Add(16 * rng.NextDouble() - 8);             // random reals in [−8, 8)
        foreach (double b in new[] { 0.46875, 0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 6.5 })                  // branch and degree boundaries
            for (int k = -3; k <= 3; k++)
            {
                double v = b;
                for (int s = 0; s < Math.Abs(k); s++) v = k > 0 ? Math.BitIncrement(v) : Math.BitDecrement(v);
                xs.Add(v); xs.Add(-v);
            }
        for (int e = -300; e <= -1; e += 3) { xs.Add(Math.Pow(10, e)); xs.Add(-1.7 * Math.Pow(10, e)); }
        xs.AddRange([double.Epsilon, -double.Epsilon, 3 * double.Epsilon, 1e-310, -2.5e-315, 2.2250738585072014E-308]);
        for (int e = 1; e <= 300; e += 7) { xs.Add(Math.Pow(10, e)); xs.Add(-Math.Pow(10, e)); }
        xs.AddRange([0.0, -0.0, double.MaxValue, -double.MaxValue, double.PositiveInfinity, double.NegativeInfinity]);
        var x = xs.ToArray();
        rng.Shuffle(x.AsSpan());
        var reference = x.Select(HighPrecision.Erf).ToArray();
        return (x, reference);
    }

    private static void AssertClose(double x, double expected, double actual, double rel, double absSub)
    {
        if (double.IsNaN(expected)) { Assert.True(double.IsNaN(actual), $"erf({x}) = {actual}, expected NaN"); return; }
        double err = Math.Abs(actual - expected);
        Assert.True(err <= rel * Math.Abs(expected) + absSub, $"erf({x:R}) = {actual:R}, reference {expected:R}, relative error {err / Math.Abs(expected):E2}");
    }

    [Fact]
    public void Reference_agrees_with_known_values()
    {
        // erf(1) and erf(0.5) to 20 digits (Abramowitz & Stegun table 7.1 / DLMF), and erfc(3) = 2.209049699858544e-5.
        Assert.Equal(0.84270079294971486934, HighPrecision.Erf(1), 1e-16);
        Assert.Equal(0.52049987781304653768, HighPrecision.Erf(0.5), 1e-16);
        Assert.Equal(2.209049699858544e-5, HighPrecision.Erfc(3), 1e-20);
        Assert.Equal(1.5374597944280349e-12, HighPrecision.Erfc(5), 1e-26);
        // and with MathNet's independent implementation to its own accuracy.
        foreach (double x in new[] { -4.2, -1.1, 0.3, 2.7, 3.3, 5.5 })
            Assert.Equal(MathNet.Numerics.SpecialFunctions.Erf(x), HighPrecision.Erf(x), 1e-15);
    }

    [Fact]
    public void Vector_erf_double_has_relative_error_below_1e15_on_the_whole_line()
    {
        var (x, reference) = Grid.Value;
        var y = new double[x.Length];
        Elementwise.Erf(x, y);
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            AssertClose(x[i], reference[i], y[i], 1e-13, 2 * double.Epsilon);
            if (reference[i] != 0 && double.IsFinite(reference[i]) && Math.Abs(reference[i]) > 1e-300)
                worst = Math.Max(worst, Math.Abs(y[i] - reference[i]) / Math.Abs(reference[i]));
        }
        Assert.True(worst < 1e-15, $"worst relative error {worst:E2}");
        Assert.Equal(0.0, y[Array.IndexOf(x, 0.0)]);
    }

    [Fact]
    public void Scalar_erf_and_odd_lengths_agree_with_the_reference()
    {
        var (x, reference) = Grid.Value;
        for (int i = 0; i < x.Length; i++) AssertClose(x[i], reference[i], Elementwise.ErfScalar(x[i]), 1e-13, 2 * double.Epsilon);
        // Every length 1..40 so that each element position runs through both the vector body and the scalar tail.
        for (int len = 1; len <= 40; len++)
        {
            var xs = x.AsSpan(len * 7, len).ToArray();
            var ys = new double[len];
            Elementwise.Erf(xs, ys);
            for (int i = 0; i < len; i++) AssertClose(xs[i], reference[len * 7 + i], ys[i], 1e-13, 2 * double.Epsilon);
        }
    }

    [Fact]
    public void Erf_of_an_element_does_not_depend_on_how_the_span_is_split()
    {
        var (x, _) = Grid.Value;
        var whole = new double[x.Length];
        Elementwise.Erf(x, whole);
        var wholeD = new double[x.Length]; var wholeD2 = new double[x.Length];
        Elementwise.ErfDerivative(x, wholeD);
        Elementwise.ErfWithDerivative(x, new double[x.Length], wholeD2);
        var pieces = new double[x.Length]; var piecesD = new double[x.Length]; var piecesD2 = new double[x.Length];
        var rng = RandomStream.For(5, 0, "split");
        for (int start = 0; start < x.Length;)
        {
            int len = Math.Min(x.Length - start, 1 + rng.NextInt(37));
            Elementwise.Erf(x.AsSpan(start, len), pieces.AsSpan(start, len));
            Elementwise.ErfDerivative(x.AsSpan(start, len), piecesD.AsSpan(start, len));
            Elementwise.ErfWithDerivative(x.AsSpan(start, len), new double[len], piecesD2.AsSpan(start, len));
            start += len;
        }
        Assert.Equal(whole, pieces);
        Assert.Equal(wholeD, piecesD);
        Assert.Equal(wholeD2, piecesD2);
    }

    [Fact]
    public void Erf_in_place_equals_out_of_place()
    {
        var (x, _) = Grid.Value;
        var y = new double[x.Length];
        Elementwise.Erf(x, y);
        var z = (double[])x.Clone();
        Elementwise.Erf(z, z);
        Assert.Equal(y, z);
        var xf = x.Select(v => (float)v).ToArray();
        var yf = new float[xf.Length];
        Elementwise.Erf(xf, yf);
        Elementwise.Erf(xf, xf);
        Assert.Equal(yf, xf);
    }

    [Fact]
    public void Vector_erf_float_has_relative_error_below_1e6()
    {
        var (x, _) = Grid.Value;
        var xf = x.Select(v => (float)v).Where(v => Math.Abs(v) < 7 || !float.IsFinite(v) || Math.Abs(v) > 1e3f).Take(4001).ToArray();
        var yf = new float[xf.Length];
        Elementwise.Erf(xf, yf);
        for (int i = 0; i < xf.Length; i++)
        {
            double expected = HighPrecision.Erf(xf[i]);
            if (double.IsNaN(expected)) { Assert.True(float.IsNaN(yf[i])); continue; }
            Assert.True(Math.Abs(yf[i] - expected) <= 1e-6 * Math.Abs(expected) + 2 * float.Epsilon,
                $"erf((float){xf[i]:R}) = {yf[i]:R}, reference {expected:R}");
        }
    }

    [Fact]
    public void Erfc_is_accurate_in_the_right_tail()
    {
        // erfc(x) = 1 − erf(x): the reference cannot give the tail beyond 6, so compare with e^{-x²}/(x√π) series.
        foreach (double x in new[] { -0.7, 0.2, 1.9, 3.0, 3.7, 4.0, 5.0, 5.99 })
        {
            double expected = HighPrecision.Erfc(x);
            Assert.True(Math.Abs(Elementwise.ErfcScalar(x) - expected) <= 1e-13 * expected, $"erfc({x}) = {Elementwise.ErfcScalar(x):R}, reference {expected:R}");
        }
        foreach (double x in new[] { 8.0, 12.0, 26.0 })
        {
            // Asymptotic series erfc(x) ≈ e^{-x²}/(x√π) (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶)); error < 105/(16x⁸).
            double x2 = x * x, asym = Math.Exp(-x2) / (x * Math.Sqrt(Math.PI)) * (1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2));
            Assert.Equal(asym, Elementwise.ErfcScalar(x), asym * 110 / (16 * Math.Pow(x, 8)) + asym * 1e-14);
        }
    }

    [Fact]
    public void Erf_derivative_matches_closed_form_and_finite_differences()
    {
        var x = Enumerable.Range(0, 203).Select(i => -7 + 0.07 * i).ToArray();
        var dy = new double[x.Length];
        Elementwise.ErfDerivative(x, dy);
        var dyf = new float[x.Length];
        var xf = x.Select(v => (float)v).ToArray();
        Elementwise.ErfDerivative(xf, dyf);
        double h = 1e-5;
        var plus = x.Select(v => v + h).ToArray(); var minus = x.Select(v => v - h).ToArray();
        var yp = new double[x.Length]; var ym = new double[x.Length];
        Elementwise.Erf(plus, yp); Elementwise.Erf(minus, ym);
        for (int i = 0; i < x.Length; i++)
        {
            double closed = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x[i] * x[i]);
            Assert.Equal(closed, dy[i], closed * 1e-14 + 1e-300);
            double closedF = 2 / Math.Sqrt(Math.PI) * Math.Exp(-(double)xf[i] * xf[i]);
            Assert.True(Math.Abs(dyf[i] - closedF) <= closedF * 1e-6 + 1e-44, $"float erf'({xf[i]}) = {dyf[i]}, closed form {closedF}");
            Assert.Equal(closed, (yp[i] - ym[i]) / (2 * h), 1e-9);
        }
    }

    [Fact]
    public void Erf_with_derivative_equals_separate_calls()
    {
        var (x, _) = Grid.Value;
        var y = new double[x.Length]; var dy = new double[x.Length];
        Elementwise.ErfWithDerivative(x, y, dy);
        var y2 = new double[x.Length]; var dy2 = new double[x.Length];
        Elementwise.Erf(x, y2); Elementwise.ErfDerivative(x, dy2);
        Assert.Equal(y2, y);
        for (int i = 0; i < x.Length; i++)
            if (double.IsNaN(x[i])) Assert.True(double.IsNaN(dy[i]));
            else Assert.True(Math.Abs(dy[i] - dy2[i]) <= 4e-16 * dy2[i] + 1e-320, $"erf'({x[i]}) {dy[i]} vs {dy2[i]}");
        var xf = x.Select(v => (float)v).ToArray();
        var yf = new float[xf.Length]; var dyf = new float[xf.Length]; var yf2 = new float[xf.Length]; var dyf2 = new float[xf.Length];
        Elementwise.ErfWithDerivative(xf, yf, dyf);
        Elementwise.Erf(xf, yf2); Elementwise.ErfDerivative(xf, dyf2);
        Assert.Equal(yf2, yf);
        for (int i = 0; i < xf.Length; i++)
            if (!float.IsNaN(xf[i])) Assert.True(Math.Abs(dyf[i] - dyf2[i]) <= 3e-7 * dyf2[i] + 1e-44, $"float erf'({xf[i]})");
    }

    [Fact]
    public void Erf_rejects_a_short_output()
    {
        Assert.Throws<ArgumentException>(() => Elementwise.Erf(new double[5], new double[4]));
        Assert.Throws<ArgumentException>(() => Elementwise.ErfWithDerivative(new double[5], new double[5], new double[4]));
    }

    [Property(MaxTest = 200)]
    public bool Erf_is_odd_and_bounded(NormalFloat value)
    {
        double x = value.Get;
        var v = new[] { x, -x, x, -x, x, -x, x, -x, x };
        Elementwise.Erf(v, v);
        var single = new double[1];
        Elementwise.Erf([x], single);
        double scalar = Elementwise.ErfScalar(x);
        // Odd and the same value whatever the position (vector body or padded tail) and the neighbours.
        return v.All(t => Math.Abs(t) <= 1) && Enumerable.Range(0, v.Length).All(i => v[i] == (i % 2 == 0 ? single[0] : -single[0]))
            && Math.Abs(single[0] - scalar) <= 3e-14 * Math.Abs(scalar); // vector: 12-level continued fraction, scalar: 14
    }

    [Property(MaxTest = 200)]
    public bool Erf_is_monotone(NormalFloat a, NormalFloat b)
    {
        double lo = Math.Min(a.Get, b.Get), hi = Math.Max(a.Get, b.Get);
        return Elementwise.ErfScalar(lo) <= Elementwise.ErfScalar(hi) + 4e-16; // monotone up to one rounding
    }
}
