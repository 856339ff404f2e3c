using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FeatureScale.Numerics;

/// <summary>
/// Vectorised element-wise kernels over spans (Vector512 where the CPU has AVX-512, else Vector256): erf and erf′,
/// exp, tanh, ReLU and its derivative, softmax and log-sum-exp. Inputs and outputs may alias. erf, erf′ and tanh are
/// pure per element (y[i] depends on x[i] only, not on the span's length or the neighbours: the tail is padded to a
/// full vector), so splitting a computation over threads never changes a bit. exp and softmax use TensorPrimitives.
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
    private const int MaxSeriesDegree = 45;
    private static readonly double[] SeriesCoefficients = BuildSeries(MaxSeriesDegree);
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
    /// The error function erf(x) = (2/√π) ∫₀ˣ e^{-t²} dt, element-wise. Relative error ≤ 1e-15 on the whole line
    /// (measured 3.6e-16): Cody's rational approximations (Math. Comp. 1969) for |x| ≤ 0.46875 and for erfc on
    /// (0.46875, 4], sharing one division, and his asymptotic form beyond 4, evaluated only for vectors that need it.
    /// </summary>
    public static void Erf(ReadOnlySpan<double> x, Span<double> y) => ErfCore(x, y, Span<double>.Empty);

    /// <summary>erf(x) and erf′(x) = (2/√π) e^{-x²} in one pass (the exponential is shared).</summary>
    public static void ErfWithDerivative(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
    {
        if (dy.Length < x.Length) throw new ArgumentException("derivative buffer is shorter than the input");
        ErfCore(x, y, dy);
    }

    /// <summary>erf′(x) = (2/√π) e^{-x²} (flushed to 0 where it is below 1e-304); pure per element like <see cref="Erf(ReadOnlySpan{double}, Span{double})"/>.</summary>
    public static void ErfDerivative(ReadOnlySpan<double> x, Span<double> dy)
    {
        CheckLengths(x.Length, dy.Length);
        if (Lanes512.IsAccelerated) { ErfDerivativeVector<Lanes512, Vector512<double>>(x, dy); return; }
        if (Lanes256.IsAccelerated) { ErfDerivativeVector<Lanes256, Vector256<double>>(x, dy); return; }
        for (int i = 0; i < x.Length; i++) dy[i] = TwoOverSqrtPi * Math.Exp(-x[i] * x[i]);
    }

    private static void ErfDerivativeVector<TL, TV>(ReadOnlySpan<double> x, Span<double> dy) where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count, n = x.Length, i = 0;
        var two = TL.Create(TwoOverSqrtPi);
        for (; i <= n - w; i += w)
        {
            var xv = TL.Load(x, i);
            TL.Store(TL.Select(TL.Equals(xv, xv), TL.Multiply(two, ExpNegSquare<TL, TV>(xv, out _)), xv), dy, i);
        }
        if (i == n) return;
        Span<double> buf = stackalloc double[w];
        buf.Clear();
        x[i..].CopyTo(buf);
        var t = TL.Load(buf, 0);
        TL.Store(TL.Select(TL.Equals(t, t), TL.Multiply(two, ExpNegSquare<TL, TV>(t, out _)), t), buf, 0);
        buf[..(n - i)].CopyTo(dy[i..]);
    }

    /// <summary>Single-precision erf (computed in double, rounded once: relative error ≤ 1e-7).</summary>
    public static void Erf(ReadOnlySpan<float> x, Span<float> y) => ViaDouble(x, y, Span<float>.Empty, derivative: false);

    /// <summary>Single-precision erf and erf′.</summary>
    public static void ErfWithDerivative(ReadOnlySpan<float> x, Span<float> y, Span<float> dy) => ViaDouble(x, y, dy, derivative: true);

    /// <summary>
    /// Single-precision erf′, computed in double and rounded once (in float, the rounding of x² alone would cost a
    /// relative error of x²·6e-8, 3e-6 at |x| = 7), so that it agrees with <see cref="ErfWithDerivative(ReadOnlySpan{float}, Span{float}, Span{float})"/>.
    /// </summary>
    public static void ErfDerivative(ReadOnlySpan<float> x, Span<float> dy) => ThroughDouble(x, dy, ErfDerivative);

    private delegate void DoubleMap(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>Applies a double-precision kernel to float data in stack-sized chunks, rounding each result once.</summary>
    private static void ThroughDouble(ReadOnlySpan<float> x, Span<float> y, DoubleMap map)
    {
        CheckLengths(x.Length, y.Length);
        Span<double> buf = stackalloc double[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int len = Math.Min(Chunk, x.Length - start);
            var b = buf[..len];
            TensorPrimitives.ConvertChecked<float, double>(x.Slice(start, len), b);
            map(b, b);
            TensorPrimitives.ConvertTruncating<double, float>(b, y.Slice(start, len));
        }
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
        if (Lanes512.IsAccelerated) { ErfVector<Lanes512, Vector512<double>>(x, y, dy); return; }
        if (Lanes256.IsAccelerated) { ErfVector<Lanes256, Vector256<double>>(x, y, dy); return; }
        bool wantD = !dy.IsEmpty;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            if (wantD) dy[i] = TwoOverSqrtPi * Math.Exp(-xi * xi);
            y[i] = ErfScalar(xi);
        }
    }

    // The vector kernel is a pure function of each element: y[i] depends on x[i] only, not on its neighbours, its
    // position or the span's length (fixed series degree; the tail runs through the same vector code, padded).
    // So results never depend on how a computation is split into spans or over threads.
    private static void ErfVector<TL, TV>(ReadOnlySpan<double> x, Span<double> y, Span<double> dy)
        where TL : struct, ILanes<TV> where TV : struct
    {
        bool wantD = !dy.IsEmpty;
        int w = TL.Count, n = x.Length, i = 0;
        for (; i <= n - w; i += w)
        {
            var r = ErfLanes<TL, TV>(TL.Load(x, i), out var d);
            TL.Store(r, y, i);
            if (wantD) TL.Store(d, dy, i);
        }
        if (i == n) return;
        // Remaining 1 … 2w−1 elements: pad with zeros to two full vectors.
        Span<double> buf = stackalloc double[2 * w];
        buf.Clear();
        int rest = n - i;
        x.Slice(i, rest).CopyTo(buf);
        ErfPair<TL, TV>(TL.Load(buf, 0), TL.Load(buf, w), out var t0, out var t1, out var e0, out var e1);
        Span<double> outBuf = stackalloc double[2 * w];
        TL.Store(t0, outBuf, 0); TL.Store(t1, outBuf, w);
        outBuf[..rest].CopyTo(y.Slice(i, rest));
        if (wantD)
        {
            TL.Store(e0, outBuf, 0); TL.Store(e1, outBuf, w);
            outBuf[..rest].CopyTo(dy.Slice(i, rest));
        }
    }

    /// <summary>erf and erf′ of two vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ErfPair<TL, TV>(TV x0, TV x1, out TV r0, out TV r1, out TV d0, out TV d1)
        where TL : struct, ILanes<TV> where TV : struct
    {
        r0 = ErfLanes<TL, TV>(x0, out d0);
        r1 = ErfLanes<TL, TV>(x1, out d1);
    }

    // W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631–637:
    // the published coefficients of the three rational approximations (relative error below 1e-17 in exact arithmetic).
    // |x| ≤ 0.46875: erf x = x N1(x²)/D1(x²); 0.46875 < |x| ≤ 4: erfc |x| = e^{-x²} N2(|x|)/D2(|x|);
    // |x| > 4: erfc |x| = e^{-x²}/|x| (1/√π − z N3(z)/D3(z)), z = 1/x². Each N, D is listed highest degree first
    // (D's leading coefficient is 1).
    private const double CodyThreshold = 0.46875;
    private static readonly double[] CodyN1 = [0.185777706184603153, 3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947];
    private static readonly double[] CodyD1 = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
    private static readonly double[] CodyN2 = [2.15311535474403846e-8, 0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131,
        881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725];
    private static readonly double[] CodyD2 = [15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
        4362.61909014324716, 3439.36767414372164, 1230.33935480374942];
    private static readonly double[] CodyN3 = [0.0163153871373020978, 0.305326634961232344, 0.360344899949804439, 0.125781726111229246,
        0.0160837851487422766, 6.58749161529837803e-4];
    private static readonly double[] CodyD3 = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

    /// <summary>p(t) = c[0] tⁿ + … + c[n] by Horner with FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Horner<TL, TV>(double[] c, TV t) where TL : struct, ILanes<TV> where TV : struct
    {
        var p = TL.Create(c[0]);
        for (int k = 1; k < c.Length; k++) p = TL.Fma(p, t, TL.Create(c[k]));
        return p;
    }

    /// <summary>q(t) = tⁿ + c[0] tⁿ⁻¹ + … + c[n−1] (monic) by Horner with FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV MonicHorner<TL, TV>(double[] c, TV t) where TL : struct, ILanes<TV> where TV : struct
    {
        var q = TL.Add(t, TL.Create(c[0]));
        for (int k = 1; k < c.Length; k++) q = TL.Fma(q, t, TL.Create(c[k]));
        return q;
    }

    /// <summary>erf (returned) and erf′ of one vector; each lane's values depend on that lane only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static TV ErfLanes<TL, TV>(TV x, out TV d) where TL : struct, ILanes<TV> where TV : struct
    {
        var zero = TL.Create(0.0);
        var one = TL.Create(1.0);
        var e = ExpNegSquare<TL, TV>(x, out var u);
        d = TL.Multiply(TL.Create(TwoOverSqrtPi), e);
        var a = TL.Abs(x);
        var mid = TL.GreaterThan(a, TL.Create(CodyThreshold)); // |x| > 0.46875 (false for NaN)
        // The two common ranges are evaluated for every lane and share one division (selected numerator and
        // denominator); the tail range |x| > 4 only when a lane needs it. Either way a lane's value is the same fixed
        // sequence of operations on that lane alone.
        var num = TL.Select(mid, Horner<TL, TV>(CodyN2, a), Horner<TL, TV>(CodyN1, u));
        var den = TL.Select(mid, MonicHorner<TL, TV>(CodyD2, a), MonicHorner<TL, TV>(CodyD1, u));
        var ratio = TL.Divide(num, den);
        var erfc = TL.Multiply(e, ratio);
        var four = TL.Create(4.0);
        if (TL.AnyGreaterThan(a, four))
        {
            var z = TL.Divide(one, TL.Multiply(a, a));
            var tail = TL.Multiply(z, TL.Divide(Horner<TL, TV>(CodyN3, z), MonicHorner<TL, TV>(CodyD3, z)));
            var erfc3 = TL.Divide(TL.Multiply(e, TL.Subtract(TL.Create(InvSqrtPi), tail)), a);
            erfc = TL.Select(TL.GreaterThan(a, four), erfc3, erfc);
        }
        var outer = TL.Subtract(one, erfc);
        outer = TL.Select(TL.LessThan(x, zero), TL.Subtract(zero, outer), outer);
        var r = TL.Select(mid, outer, TL.Multiply(x, ratio));
        // NaN in, NaN out (ExpNegSquare maps NaN lanes to e = 0).
        var ok = TL.Equals(x, x);
        d = TL.Select(ok, d, x);
        return TL.Select(ok, r, x);
    }

    /// <summary>
    /// e^{-x²} lane by lane, flushed to 0 for x² ≥ 700 (e^{-700} ≈ 1e-304) and for NaN. The argument of the vector
    /// exp stays in [−700, 0]: .NET's vector exp switches the whole vector to a different code path when any lane
    /// is beyond ±708, which would make one lane's value depend on its neighbours.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpNegSquare<TL, TV>(TV x, out TV u) where TL : struct, ILanes<TV> where TV : struct
    {
        u = TL.Multiply(x, x);
        var limit = TL.Create(700.0);
        var ok = TL.LessThan(u, limit);
        var e = TL.ExpNonPositive(TL.Select(ok, TL.Subtract(TL.Create(0.0), u), TL.Subtract(TL.Create(0.0), limit)));
        return TL.Select(ok, e, TL.Create(0.0));
    }

    /// <summary>Scalar erf with the same series and continued fraction and the same accuracy as the vector kernel (the
    /// series degree is chosen per value here, so results can differ from the vector kernel in the last bits).</summary>
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

    // ------------------------------------------------------------------ sin πt, cos πt

    // sin πz = z S(z²), cos πz = C(z²) for |z| ≤ 1/4: Taylor coefficients (truncation below 5e-17).
    private static readonly double[] SinPiCoefficients = TrigCoefficients(odd: true, terms: 9);
    private static readonly double[] CosPiCoefficients = TrigCoefficients(odd: false, terms: 10);

    private static double[] TrigCoefficients(bool odd, int terms)
    {
        // Highest degree first, for Horner: c_k = (−1)^k π^{2k+o} / (2k+o)!, o = 1 (sin) or 0 (cos).
        var c = new double[terms];
        int o = odd ? 1 : 0;
        for (int k = 0; k < terms; k++)
        {
            double v = 1;
            for (int j = 1; j <= 2 * k + o; j++) v *= Math.PI / j;
            c[terms - 1 - k] = k % 2 == 0 ? v : -v;
        }
        return c;
    }

    /// <summary>
    /// sin(πt) and cos(πt) element-wise (absolute error ≤ 3e-16), vectorised and pure per element: t is reduced to
    /// z = t − q/2 with q = round(2t) (exact for |t| &lt; 2⁵¹), then Taylor polynomials on |z| ≤ 1/4 and the quadrant
    /// q mod 4. (TensorPrimitives.SinCosPi is scalar in .NET 10: ~40 ns per element.)
    /// </summary>
    public static void SinCosPi(ReadOnlySpan<double> t, Span<double> sin, Span<double> cos)
    {
        CheckLengths(t.Length, sin.Length);
        CheckLengths(t.Length, cos.Length);
        if (Lanes512.IsAccelerated) { SinCosPiVector<Lanes512, Vector512<double>>(t, sin, cos); return; }
        if (Lanes256.IsAccelerated) { SinCosPiVector<Lanes256, Vector256<double>>(t, sin, cos); return; }
        for (int i = 0; i < t.Length; i++) { sin[i] = double.SinPi(t[i]); cos[i] = double.CosPi(t[i]); }
    }

    private static void SinCosPiVector<TL, TV>(ReadOnlySpan<double> t, Span<double> sin, Span<double> cos) where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count, n = t.Length, i = 0;
        for (; i <= n - w; i += w)
        {
            SinCosPiLanes<TL, TV>(TL.Load(t, i), out var s, out var c);
            TL.Store(s, sin, i); TL.Store(c, cos, i);
        }
        if (i == n) return;
        Span<double> buf = stackalloc double[w], sb = stackalloc double[w], cb = stackalloc double[w];
        buf.Clear();
        t[i..].CopyTo(buf);
        SinCosPiLanes<TL, TV>(TL.Load(buf, 0), out var s1, out var c1);
        TL.Store(s1, sb, 0); TL.Store(c1, cb, 0);
        sb[..(n - i)].CopyTo(sin[i..]);
        cb[..(n - i)].CopyTo(cos[i..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SinCosPiLanes<TL, TV>(TV t, out TV sin, out TV cos) where TL : struct, ILanes<TV> where TV : struct
    {
        var zero = TL.Create(0.0);
        var q = TL.Round(TL.Add(t, t));
        var z = TL.Fma(q, TL.Create(-0.5), t);
        var u = TL.Multiply(z, z);
        var s0 = TL.Multiply(z, Horner<TL, TV>(SinPiCoefficients, u));
        var c0 = Horner<TL, TV>(CosPiCoefficients, u);
        // q mod 4 (q − 4⌊q/4⌋, exact): 0 → (s, c), 1 → (c, −s), 2 → (−s, −c), 3 → (−c, s).
        var m = TL.Subtract(q, TL.Multiply(TL.Create(4.0), TL.Round(TL.Multiply(q, TL.Create(0.25)))));
        m = TL.Select(TL.LessThan(m, zero), TL.Add(m, TL.Create(4.0)), m);
        var q1 = TL.Equals(m, TL.Create(1.0));
        var q2 = TL.Equals(m, TL.Create(2.0));
        var q3 = TL.Equals(m, TL.Create(3.0));
        var swap = TL.Select(q1, q1, q3);
        var sinNeg = TL.Select(q2, q2, q3);
        var cosNeg = TL.Select(q1, q1, q2);
        var sb = TL.Select(swap, c0, s0);
        var cb = TL.Select(swap, s0, c0);
        sin = TL.Select(sinNeg, TL.Subtract(zero, sb), sb);
        cos = TL.Select(cosNeg, TL.Subtract(zero, cb), cb);
    }

    // ------------------------------------------------------------------ exp, tanh, ReLU

    /// <summary>eˣ (TensorPrimitives, vectorised).</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Exp(x, y);
    /// <summary>eˣ in single precision.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);
    /// <summary>
    /// tanh x, relative error ≈ 1e-16 on the whole line. (TensorPrimitives.Tanh in System.Numerics.Tensors 10.0.0
    /// loses all relative accuracy near 0: it returns −0 for 1e-300 and −6e-8 for 0f.) |x| &lt; 0.625: Lambert's
    /// continued fraction x/(1 + x²/(3 + x²/(5 + …))) as one ratio; beyond: sign(x)(1 − e^{−2|x|})/(1 + e^{−2|x|}); one
    /// shared division.
    /// Pure per element.
    /// </summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length);
        if (Lanes512.IsAccelerated) { TanhVector<Lanes512, Vector512<double>>(x, y); return; }
        if (Lanes256.IsAccelerated) { TanhVector<Lanes256, Vector256<double>>(x, y); return; }
        for (int i = 0; i < x.Length; i++) y[i] = Math.Tanh(x[i]);
    }

    /// <summary>tanh x in single precision (computed in double, rounded once).</summary>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => ThroughDouble(x, y, Tanh);

    private static void TanhVector<TL, TV>(ReadOnlySpan<double> x, Span<double> y) where TL : struct, ILanes<TV> where TV : struct
    {
        int w = TL.Count, n = x.Length, i = 0;
        for (; i <= n - w; i += w) TL.Store(TanhLanes<TL, TV>(TL.Load(x, i)), y, i);
        if (i == n) return;
        Span<double> buf = stackalloc double[w];
        buf.Clear();
        x[i..].CopyTo(buf);
        TL.Store(TanhLanes<TL, TV>(TL.Load(buf, 0)), buf, 0);
        buf[..(n - i)].CopyTo(y[i..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TanhLanes<TL, TV>(TV x) where TL : struct, ILanes<TV> where TV : struct
    {
        var zero = TL.Create(0.0);
        var one = TL.Create(1.0);
        var a = TL.Abs(x);
        var small = TL.LessThan(a, TL.Create(0.625));
        // |x| ≥ 0.625: tanh|x| = (1 − e)/(1 + e) with e = e^{−2|x|} ∈ (0, 0.29] (no cancellation); the argument is
        // clamped to [−708, 0] for the range-restricted exp (tanh = 1 in double long before).
        var e = TL.ExpNonPositive(TL.Max(TL.Subtract(zero, TL.Add(a, a)), TL.Create(-708.0)));
        var bigNum = TL.Subtract(one, e);
        bigNum = TL.Select(TL.LessThan(x, zero), TL.Subtract(zero, bigNum), bigNum);
        // |x| < 0.625: Lambert's continued fraction v_k = (2k+1) + x²/v_{k+1} bottom-up as P/Q; tanh x = x/v_0 = x Q/P
        // (depth 10: error < 1e-19). Both branches share one division.
        var u = TL.Multiply(x, x);
        TV p = TL.Create(21.0), q = one;
        for (int k = 9; k >= 0; k--) (p, q) = (TL.Fma(TL.Create(2 * k + 1), p, TL.Multiply(u, q)), p);
        var r = TL.Divide(TL.Select(small, TL.Multiply(x, q), bigNum), TL.Select(small, p, TL.Add(one, e)));
        return TL.Select(TL.Equals(x, x), r, x);
    }

    /// <summary>tanh′ = 1 − tanh², from already computed tanh values.</summary>
    public static void TanhDerivativeFromValue(ReadOnlySpan<double> t, Span<double> dy)
    {
        CheckLengths(t.Length, dy.Length);
        TensorPrimitives.MultiplyAdd(t, t, -1.0, dy);   // t² − 1
        TensorPrimitives.Negate(dy[..t.Length], dy);
    }

    /// <summary>tanh′ = 1 − tanh² in single precision, from already computed tanh values.</summary>
    public static void TanhDerivativeFromValue(ReadOnlySpan<float> t, Span<float> dy)
    {
        CheckLengths(t.Length, dy.Length);
        TensorPrimitives.MultiplyAdd(t, t, -1f, dy);    // t² − 1
        TensorPrimitives.Negate(dy[..t.Length], dy);
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
