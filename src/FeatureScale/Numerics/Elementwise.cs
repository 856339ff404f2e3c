using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FeatureScale.Numerics;

/// <summary>
/// Vectorised element-wise kernels over spans (Vector512 where the CPU has AVX-512, else Vector256, with scalar
/// tails): erf and erf′, exp, tanh, ReLU and its derivative, softmax and log-sum-exp. Inputs and outputs may alias.
/// </summary>
public static class Elementwise
{
    /// <summary>2/√π.</summary>
    public const double TwoOverSqrtPi = 1.1283791670955126;
    private const double InvSqrtPi = 0.56418958354775628;
    private const int ContinuedFractionDepth = 14;
    private const int Chunk = 512;

    // erf(x) = (2/√π) x e^{-x²} Σ_n c_n x^{2n}, c_n = 2^n/(2n+1)!!: all terms positive, no cancellation.
    // Degree needed for a relative tail below 1e-17 when x² ≤ bound.
    private static readonly double[] SeriesCoefficients = BuildSeries(45);
    private static readonly (double Bound, int Degree)[] SeriesDegrees = [(0.25, 13), (1, 19), (2.25, 25), (4, 31), (6.25, 38), (9, 45)];

    private static double[] BuildSeries(int n)
    {
        var c = new double[n + 1];
        c[0] = 1;
        for (int k = 1; k <= n; k++) c[k] = c[k - 1] * 2.0 / (2 * k + 1);
        return c;
    }

    /// <summary>Which SIMD path the kernels take on this machine: "Vector512", "Vector256" or "scalar".</summary>
    public static string ActivePath =>
        Lanes512.IsAccelerated ? "Vector512" : Lanes256.IsAccelerated ? "Vector256" : "scalar";

    // ------------------------------------------------------------------ erf

    /// <summary>
    /// The error function erf(x) = (2/√π) ∫₀ˣ e^{-t²} dt, element-wise. Relative error ≤ 1e-13 on the whole line
    /// (series with positive terms for |x| &lt; 3, continued fraction for erfc beyond).
    /// </summary>
    public static void Erf(ReadOnlySpan<double> x, Span<double> y) => ErfCore(x, y, Span<double>.Empty);

    /// <summary>erf(x) and erf′(x) = (2/√π) e^{-x²} in one pass (the exponential is shared).</summary>
    public static void ErfWithDerivative(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (dy.Length < x.Length) throw new ArgumentException("derivative buffer is shorter than the input");
        ErfCore(x, y, dy);
    }

    /// <summary>erf′(x) = (2/√π) e^{-x²}.</summary>
    public static void ErfDerivative(ReadOnlySpan<double> x, Span<double> dy)
    {
        CheckLengths(x.Length, dy.Length);
        TensorPrimitives.Multiply(x, x, dy);
        TensorPrimitives.Multiply(dy, -1.0, dy);
        TensorPrimitives.Exp(dy, dy);
        TensorPrimitives.Multiply(dy, TwoOverSqrtPi, dy);
    }

    /// <summary>Single-precision erf (computed in double, rounded once: relative error ≤ 1e-7).</summary>
    public static void Erf(ReadOnlySpan<float> x, Span<float> y) => ViaDouble(x, y, Span<float>.Empty, derivative: false);

    /// <summary>Single-precision erf and erf′.</summary>
    public static void ErfWithDerivative(ReadOnlySpan<float> x, Span<float> y, Span<float> dy) => ViaDouble(x, y, dy, derivative: true);

    /// <summary>Single-precision erf′.</summary>
    public static void ErfDerivative(ReadOnlySpan<float> x, Span<float> dy)
    {
        CheckLengths(x.Length, dy.Length);
        TensorPrimitives.Multiply(x, x, dy);
        TensorPrimitives.Multiply(dy, -1f, dy);
        TensorPrimitives.Exp(dy, dy);
        TensorPrimitives.Multiply(dy, (float)TwoOverSqrtPi, dy);
    }

    private static void ViaDouble(ReadOnlySpan<float> x, Span<float> y, Span<float> dy, bool derivative)
    {
        CheckLengths(x.Length, y.Length);
        if (derivative) CheckLengths(x.Length, dy.Length);
        Span<double> xd = stackalloc double[Chunk], yd = stackalloc double[Chunk], dd = stackalloc double[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int len = Math.Min(Chunk, x.Length - start);
            TensorPrimitives.ConvertChecked<float, double>(x.Slice(start, len), xd[..len]);
            ErfCore(xd[..len], yd[..len], derivative ? dd[..len] : Span<double>.Empty);
            TensorPrimitives.ConvertTruncating<double, float>(yd[..len], y.Slice(start, len));
            if (derivative) TensorPrimitives.ConvertTruncating<double, float>(dd[..len], dy.Slice(start, len));
        }
    }

    private static void ErfCore(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        CheckLengths(x.Length, y.Length);
        int i = 0;
        if (Lanes512.IsAccelerated) ErfVector<Lanes512, Vector512<double>>(x, y, dy, ref i);
        else if (Lanes256.IsAccelerated) ErfVector<Lanes256, Vector256<double>>(x, y, dy, ref i);
        bool wantD = !dy.IsEmpty;
        for (; i < x.Length; i++)
        {
            double xi = x[i];
            if (wantD) dy[i] = TwoOverSqrtPi * Math.Exp(-xi * xi);
            y[i] = ErfScalar(xi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ErfVector<TL, TV>(ReadOnlySpan<double> x, Span<double> y, Span<double> dy, ref int i)
        where TL : struct, ILanes<TV> where TV : struct
    {
        bool wantD = !dy.IsEmpty;
        var three = TL.Create(3.0);
        var nine = TL.Create(9.0);
        var zero = TL.Create(0.0);
        var one = TL.Create(1.0);
        var two = TL.Create(TwoOverSqrtPi);
        var invSqrtPi = TL.Create(InvSqrtPi);
        for (; i <= x.Length - TL.Count; i += TL.Count)
        {
            var xv = TL.Load(x, i);
            var u = TL.Multiply(xv, xv);
            var e = TL.Exp(TL.Subtract(zero, u));
            if (wantD) TL.Store(TL.Multiply(two, e), dy, i);
            var ax = TL.Abs(xv);
            var inner = TL.LessThan(ax, three);
            // Series branch (lanes with |x| < 3; others are clamped to x² = 9 and discarded below).
            var uc = TL.Select(inner, u, nine);
            int degree = 45;
            foreach (var (bound, deg) in SeriesDegrees)
                if (TL.AllLessOrEqual(uc, TL.Create(bound))) { degree = deg; break; }
            var p = TL.Create(SeriesCoefficients[degree]);
            for (int k = degree - 1; k >= 0; k--) p = TL.Fma(p, uc, TL.Create(SeriesCoefficients[k]));
            var r = TL.Multiply(TL.Multiply(two, xv), TL.Multiply(e, p));
            if (!TL.AllLessOrEqual(ax, three) || TL.AnyGreaterThan(ax, three))
            {
                // erfc(|x|) = e^{-x²}/√π / (|x| + ½/(|x| + 1/(|x| + 3/2/(…)))) for |x| ≥ 3 (and NaN lanes).
                var v = ax;
                for (int k = ContinuedFractionDepth; k >= 1; k--) v = TL.Add(ax, TL.Divide(TL.Create(0.5 * k), v));
                var tail = TL.Subtract(one, TL.Divide(TL.Multiply(e, invSqrtPi), v));
                tail = TL.Select(TL.LessThan(xv, zero), TL.Subtract(zero, tail), tail);
                r = TL.Select(inner, r, tail);
            }
            TL.Store(r, y, i);
        }
    }

    /// <summary>Scalar erf with the same algorithm and accuracy as the vector kernels.</summary>
    public static double ErfScalar(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x), u = x * x;
        if (ax < 3)
        {
            int degree = 45;
            foreach (var (bound, deg) in SeriesDegrees) if (u <= bound) { degree = deg; break; }
            double p = SeriesCoefficients[degree];
            for (int k = degree - 1; k >= 0; k--) p = Math.FusedMultiplyAdd(p, u, SeriesCoefficients[k]);
            return TwoOverSqrtPi * x * Math.Exp(-u) * p;
        }
        if (ax >= 6.5) return Math.Sign(x);
        double v = ax;
        for (int k = ContinuedFractionDepth; k >= 1; k--) v = ax + 0.5 * k / v;
        double t = 1 - Math.Exp(-u) * InvSqrtPi / v;
        return x < 0 ? -t : t;
    }

    /// <summary>erfc(x) = 1 − erf(x), accurate in the right tail (continued fraction for x ≥ 3).</summary>
    public static double ErfcScalar(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 3) return 1 - ErfScalar(x);
        double v = x;
        for (int k = 40; k >= 1; k--) v = x + 0.5 * k / v;
        return Math.Exp(-x * x) * InvSqrtPi / v;
    }

    // ------------------------------------------------------------------ exp, tanh, ReLU

    /// <summary>eˣ (TensorPrimitives, vectorised).</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Exp(x, y);
    /// <summary>eˣ in single precision.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);
    /// <summary>tanh x.</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Tanh(x, y);
    /// <summary>tanh x in single precision.</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    /// <summary>tanh′ = 1 − tanh², from already computed tanh values.</summary>
    public static void TanhDerivativeFromValue(ReadOnlySpan<double> t, Span<double> dy)
    {
        CheckLengths(t.Length, dy.Length);
        TensorPrimitives.MultiplyAdd(t, t, -1.0, dy);   // t² − 1
        TensorPrimitives.Negate(dy, dy);
    }

    /// <summary>max(x, 0).</summary>
    public static void Relu(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Max(x, 0.0, y);
    /// <summary>max(x, 0) in single precision.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    /// <summary>ReLU′(x): 1 for x &gt; 0, else 0 (the subgradient 0 at x = 0).</summary>
    public static void ReluDerivative(ReadOnlySpan<double> x, Span<double> y) => Step(x, y);
    /// <summary>ReLU′ in single precision.</summary>
    public static void ReluDerivative(ReadOnlySpan<float> x, Span<float> y) => Step(x, y);

    private static void Step<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, System.Numerics.INumber<T>
    {
        CheckLengths(x.Length, y.Length);
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int w = System.Numerics.Vector<T>.Count;
            for (; i <= x.Length - w; i += w)
            {
                var v = new System.Numerics.Vector<T>(x.Slice(i, w));
                System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(v, System.Numerics.Vector<T>.Zero),
                    System.Numerics.Vector<T>.One, System.Numerics.Vector<T>.Zero).CopyTo(y.Slice(i, w));
            }
        }
        for (; i < x.Length; i++) y[i] = x[i] > T.Zero ? T.One : T.Zero;
    }

    // ------------------------------------------------------------------ softmax

    /// <summary>softmax(x)_i = e^{x_i − max x} / Σ_j e^{x_j − max x}: stable for any finite logits.</summary>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length);
        if (x.IsEmpty) return;
        double max = TensorPrimitives.Max(x);
        if (double.IsPositiveInfinity(max)) { for (int i = 0; i < x.Length; i++) y[i] = double.IsPositiveInfinity(x[i]) ? 1 : 0; Normalise(y); return; }
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        Normalise(y);
    }

    /// <summary>Single-precision softmax.</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckLengths(x.Length, y.Length);
        if (x.IsEmpty) return;
        float max = TensorPrimitives.Max(x);
        if (float.IsPositiveInfinity(max)) { for (int i = 0; i < x.Length; i++) y[i] = float.IsPositiveInfinity(x[i]) ? 1 : 0; Normalise(y); return; }
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        Normalise(y);
    }

    /// <summary>Row-wise softmax of a row-major rows×cols matrix.</summary>
    public static void SoftmaxRows(ReadOnlySpan<double> x, int rows, int cols, Span<double> y)
    {
        if (x.Length != rows * cols) throw new ArgumentException($"expected {rows}×{cols} entries, got {x.Length}");
        CheckLengths(x.Length, y.Length);
        for (int r = 0; r < rows; r++) Softmax(x.Slice(r * cols, cols), y.Slice(r * cols, cols));
    }

    /// <summary>log Σ_i e^{x_i}, computed as max + log Σ e^{x_i − max}.</summary>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        if (x.IsEmpty) return double.NegativeInfinity;
        double max = TensorPrimitives.Max(x);
        if (double.IsInfinity(max)) return max;
        double s = 0;
        foreach (var v in x) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    private static void Normalise<T>(Span<T> y) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T s = TensorPrimitives.Sum<T>(y);
        TensorPrimitives.Divide(y, s, y);
    }

    private static void CheckLengths(int input, int output)
    {
        if (output < input) throw new ArgumentException($"output has {output} entries, input {input}");
    }
}
