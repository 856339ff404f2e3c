using System.Numerics;
using System.Runtime.CompilerServices;
using FeatureScale.Numerics;

namespace FeatureScale.Kernels;

/// <summary>
/// An activation σ together with its Gaussian two-point function E[σ(u)σ(v)] for (u, v) ~ N(0, [[q1, c], [c, q2]]),
/// the building block of the NNGP recursion (Eq. 8). Closed forms exist for erf, ReLU, linear, 1+x+x² and x²; any
/// other activation (tanh, user-supplied) is integrated by 2-D Gauss–Hermite quadrature.
/// </summary>
public abstract class Activation
{
    /// <summary>Short name ("erf", "relu", "linear", "quadratic", "tanh" or a user name).</summary>
    public abstract string Name { get; }

    /// <summary>σ(x).</summary>
    public abstract double Apply(double x);

    /// <summary>σ element-wise (outputs may alias inputs).</summary>
    public virtual void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Apply(x[i]);
    }

    /// <summary>True when <see cref="Covariance"/> is a closed form (not quadrature).</summary>
    public abstract bool HasClosedForm { get; }

    /// <summary>E[σ(u)σ(v)] for centred Gaussian (u, v) with variances q1, q2 and covariance c.</summary>
    public abstract double Covariance(double q1, double q2, double c);

    /// <summary>
    /// In place, for one row of a Gram matrix: c[j] ← E[σ(u)σ(v_j)] with Var u = qi, Var v_j = qj[j], Cov = c[j].
    /// Closed forms override this with a vectorised version.
    /// </summary>
    public virtual void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        for (int j = 0; j < c.Length; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }

    /// <summary>E[σ(u)σ(v)] by an n×n Gauss–Hermite product rule (an independent check of any closed form).</summary>
    public double CovarianceByQuadrature(double q1, double q2, double c, int nodes = 60) =>
        GaussHermite.Expectation2D((u, v) => Apply(u) * Apply(v), q1, q2, c, nodes);

    /// <summary>
    /// Hermite coefficients under N(0, q): σ(√q z) = Σ_n a_n h_n(z), h_n = He_n/√n!, a_n = E[σ(√q z) h_n(z)]
    /// (so E[σ(u)σ(v)] = Σ_n a_n(q1) a_n(q2) ρⁿ by Mehler's formula). Default: 200-node Gauss–Hermite.
    /// </summary>
    public virtual double[] HermiteCoefficients(int maxDegree, double q) => CleanRoundOff(Hermite.Coefficients(Apply, maxDegree, q, GaussHermite.MaxNodes));

    /// <summary>Sets coefficients below quadrature round-off (1e-14 of the largest) to exactly zero (e.g. even terms of odd σ).</summary>
    protected static double[] CleanRoundOff(double[] a)
    {
        double max = a.Length == 0 ? 0 : a.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++) if (Math.Abs(a[i]) < 1e-14 * max) a[i] = 0;
        return a;
    }

    /// <summary>
    /// Parses "erf", "relu", "linear", "quadratic" (also "1+x+x^2", "quad"), "square" (also "x^2"), "tanh". Throws <see cref="ConfigException"/>
    /// for anything else.
    /// </summary>
    public static Activation Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "erf" => new ErfActivation(),
        "relu" => new ReluActivation(),
        "linear" or "identity" or "id" => new LinearActivation(),
        "quadratic" or "quad" or "1+x+x^2" or "1+x+x2" => new QuadraticActivation(),
        "square" or "x^2" or "x2" => new SquareActivation(),
        "tanh" => new QuadratureActivation("tanh", Math.Tanh, 128, (x, y) => Elementwise.Tanh(x, y)),
        _ => throw new ConfigException($"unknown activation '{name}' (use erf, relu, linear, quadratic, square, tanh)"),
    };

    /// <summary>A user-supplied activation, integrated by Mehler's series or an n×n Gauss–Hermite rule (see <see cref="QuadratureActivation"/>).</summary>
    public static Activation FromFunction(string name, Func<double, double> f, int nodes = 128) => new QuadratureActivation(name, f, nodes, null);

    public override string ToString() => Name;
}

/// <summary>σ = erf. E[erf(u)erf(v)] = (2/π) arcsin(2c/√((1+2q1)(1+2q2))), evaluated in the stable arctan form
/// (2/π) atan(2c / √(1 + 2q1 + 2q2 + 4(q1q2 − c²))), which keeps full accuracy as the correlation → ±1.</summary>
public sealed class ErfActivation : Activation
{
    public override string Name => "erf";
    public override bool HasClosedForm => true;
    public override double Apply(double x) => Elementwise.ErfScalar(x);
    public override void Apply(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Erf(x, y);

    public override double Covariance(double q1, double q2, double c)
    {
        double det = VectorMath.Determinant(q1, q2, c);
        return 2 / Math.PI * Math.Atan(2 * c / Math.Sqrt(1 + 2 * (q1 + q2) + 4 * det));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        int n = c.Length, w = Vector<double>.Count, j = 0;
        var vqi = new Vector<double>(qi);
        var one = Vector<double>.One; var two = new Vector<double>(2.0); var four = new Vector<double>(4.0);
        var scale = new Vector<double>(2 / Math.PI);
        for (; j <= n - w; j += w)
        {
            var vq = new Vector<double>(qj.Slice(j, w));
            var vc = new Vector<double>(c.Slice(j, w));
            var det = VectorMath.Determinant(vqi, vq, vc);
            var den = Vector.SquareRoot(one + two * (vqi + vq) + four * det);
            (scale * VectorMath.Atan(two * vc / den)).CopyTo(c.Slice(j, w));
        }
        for (; j < n; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }
}

/// <summary>σ = ReLU. Arc-cosine kernel (Cho &amp; Saul): E = (√(q1q2 − c²) + (π − θ) c)/(2π), θ = atan2(√(q1q2 − c²), c).</summary>
public sealed class ReluActivation : Activation
{
    public override string Name => "relu";
    public override bool HasClosedForm => true;
    public override double Apply(double x) => x > 0 ? x : 0;
    public override void Apply(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Relu(x, y);

    public override double Covariance(double q1, double q2, double c)
    {
        if (q1 <= 0 || q2 <= 0) return 0;
        double s = Math.Sqrt(VectorMath.Determinant(q1, q2, c));
        double theta = Math.Atan2(s, c);
        return (s + (Math.PI - theta) * c) / (2 * Math.PI);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        int n = c.Length, w = Vector<double>.Count, j = 0;
        if (qi <= 0) { c.Clear(); return; }
        var vqi = new Vector<double>(qi);
        var pi = new Vector<double>(Math.PI); var inv2pi = new Vector<double>(1 / (2 * Math.PI));
        for (; j <= n - w; j += w)
        {
            var vq = new Vector<double>(qj.Slice(j, w));
            var vc = new Vector<double>(c.Slice(j, w));
            var s = Vector.SquareRoot(VectorMath.Determinant(vqi, vq, vc));
            var theta = VectorMath.Atan2NonNegativeY(s, vc);
            var r = (s + (pi - theta) * vc) * inv2pi;
            r = Vector.ConditionalSelect(Vector.GreaterThan(vq, Vector<double>.Zero), r, Vector<double>.Zero);
            r.CopyTo(c.Slice(j, w));
        }
        for (; j < n; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }

    /// <summary>Exact: a_0 = √q/√(2π), a_1 = √q/2, a_n = √q φ(0) He_{n−2}(0)/√n! (n ≥ 2; zero for odd n).</summary>
    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        double s = Math.Sqrt(q), phi0 = 1 / Math.Sqrt(2 * Math.PI);
        a[0] = s * phi0;
        if (maxDegree >= 1) a[1] = s / 2;
        for (int n = 2; n <= maxDegree; n++) a[n] = s * phi0 * Hermite.Normalized(n - 2, 0) / Math.Sqrt(n * (n - 1.0));
        return a;
    }
}

/// <summary>σ(x) = x: E[uv] = c.</summary>
public sealed class LinearActivation : Activation
{
    public override string Name => "linear";
    public override bool HasClosedForm => true;
    public override double Apply(double x) => x;
    public override void Apply(ReadOnlySpan<double> x, Span<double> y) => x.CopyTo(y);
    public override double Covariance(double q1, double q2, double c) => c;
    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c) { }

    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        if (maxDegree >= 1) a[1] = Math.Sqrt(q);
        return a;
    }
}

/// <summary>σ(x) = 1 + x + x² (Fig. 6): E[σ(u)σ(v)] = 1 + q1 + q2 + c + q1q2 + 2c².</summary>
public sealed class QuadraticActivation : Activation
{
    public override string Name => "quadratic";
    public override bool HasClosedForm => true;
    public override double Apply(double x) => 1 + x + x * x;
    public override double Covariance(double q1, double q2, double c) => 1 + q1 + q2 + c + q1 * q2 + 2 * c * c;

    /// <summary>σ(√q z) = (1 + q) h_0 + √q h_1 + √2 q h_2.</summary>
    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        a[0] = 1 + q;
        if (maxDegree >= 1) a[1] = Math.Sqrt(q);
        if (maxDegree >= 2) a[2] = Math.Sqrt(2) * q;
        return a;
    }
}

/// <summary>σ(x) = x² (modular addition, arXiv 2310.03789 Eq. 5): E[u²v²] = q1q2 + 2c² (Isserlis).</summary>
public sealed class SquareActivation : Activation
{
    public override string Name => "square";
    public override bool HasClosedForm => true;
    public override double Apply(double x) => x * x;
    public override double Covariance(double q1, double q2, double c) => q1 * q2 + 2 * c * c;

    /// <summary>σ(√q z) = q z² = q h_0 + √2 q h_2.</summary>
    public override double[] HermiteCoefficients(int maxDegree, double q)
    {
        var a = new double[maxDegree + 1];
        a[0] = q;
        if (maxDegree >= 2) a[2] = Math.Sqrt(2) * q;
        return a;
    }
}

/// <summary>A vectorised element-wise map over spans.</summary>
public delegate void SpanMap(ReadOnlySpan<double> x, Span<double> y);

/// <summary>
/// Any activation without a closed form. For |ρ| ≤ <see cref="MehlerMaxCorrelation"/> the two-point function is
/// Mehler's series Σ_{n≤120} a_n(q1) a_n(q2) ρⁿ with 1-D Hermite coefficients (200-node Gauss–Hermite, cached per
/// variance), whose tail is below 0.8¹²⁰ ≈ 2e-12 of E[σ²]; closer to ±1 an n×n Gauss–Hermite product rule is used.
/// </summary>
public sealed class QuadratureActivation(string name, Func<double, double> f, int nodes, SpanMap? vectorised) : Activation
{
    /// <summary>Largest |ρ| handled by the Mehler series.</summary>
    public const double MehlerMaxCorrelation = 0.8;

    /// <summary>Terms of the Mehler series.</summary>
    public const int MehlerTerms = 120;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<double, double[]> _coefficients = new();

    /// <summary>Nodes per dimension of the product rule.</summary>
    public int Nodes { get; } = nodes;

    public override string Name => name;
    public override bool HasClosedForm => false;
    public override double Apply(double x) => f(x);

    public override void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (vectorised is not null) vectorised(x, y); else base.Apply(x, y);
    }

    private double[] Coefficients(double q)
    {
        if (_coefficients.TryGetValue(q, out var a)) return a;
        if (_coefficients.Count > 200_000) _coefficients.Clear();
        return _coefficients[q] = CleanRoundOff(Hermite.Coefficients(f, MehlerTerms, q, GaussHermite.MaxNodes));
    }

    public override double Covariance(double q1, double q2, double c)
    {
        double s = Math.Sqrt(q1 * q2);
        double rho = s > 0 ? c / s : 0;
        if (Math.Abs(rho) > MehlerMaxCorrelation) return CovarianceByQuadrature(q1, q2, c, Nodes);
        var a1 = Coefficients(q1); var a2 = q1 == q2 ? a1 : Coefficients(q2);
        double sum = 0, pw = 1;
        for (int n = 0; n <= MehlerTerms; n++)
        {
            sum += a1[n] * a2[n] * pw;
            pw *= rho;
            if (Math.Abs(pw) < 1e-18) break;
        }
        return sum;
    }

    public override void CovarianceRow(double qi, ReadOnlySpan<double> qj, Span<double> c)
    {
        for (int j = 0; j < c.Length; j++) c[j] = Covariance(qi, qj[j], c[j]);
    }
}

/// <summary>Vectorised inverse tangents (Cephes atan, relative error ~1e-16) over <see cref="Vector{T}"/>.</summary>
internal static class VectorMath
{
    private const double T3P8 = 2.41421356237309504880; // tan(3π/8)
    private const double MoreBits = 6.123233995736765886130E-17;

    /// <summary>
    /// max(q1q2 − c², 0) in doubled precision (Kahan: both products split exactly by FMA), so the determinant of a
    /// nearly singular 2×2 covariance keeps its relative accuracy as the correlation → ±1.
    /// </summary>
    public static double Determinant(double q1, double q2, double c)
    {
        double a = q1 * q2, ea = Math.FusedMultiplyAdd(q1, q2, -a);
        double b = c * c, eb = Math.FusedMultiplyAdd(c, c, -b);
        return Math.Max((a - b) + (ea - eb), 0);
    }

    /// <summary>Vectorised <see cref="Determinant(double,double,double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Determinant(Vector<double> q1, Vector<double> q2, Vector<double> c)
    {
        var a = q1 * q2; var ea = Vector.FusedMultiplyAdd(q1, q2, -a);
        var b = c * c; var eb = Vector.FusedMultiplyAdd(c, c, -b);
        return Vector.Max((a - b) + (ea - eb), Vector<double>.Zero);
    }

    /// <summary>atan(x) element-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Atan(Vector<double> x)
    {
        var sign = Vector.LessThan(x, Vector<double>.Zero);
        var ax = Vector.Abs(x);
        var big = Vector.GreaterThan(ax, new Vector<double>(T3P8));
        var mid = Vector.AndNot(Vector.GreaterThan(ax, new Vector<double>(0.66)), big);
        var one = Vector<double>.One;
        var xr = Vector.ConditionalSelect(big, -one / ax, Vector.ConditionalSelect(mid, (ax - one) / (ax + one), ax));
        var y0 = Vector.ConditionalSelect(big, new Vector<double>(Math.PI / 2), Vector.ConditionalSelect(mid, new Vector<double>(Math.PI / 4), Vector<double>.Zero));
        var extra = Vector.ConditionalSelect(big, new Vector<double>(MoreBits), Vector.ConditionalSelect(mid, new Vector<double>(0.5 * MoreBits), Vector<double>.Zero));
        var z = xr * xr;
        var p = new Vector<double>(-8.750608600031904122785E-1);
        p = p * z + new Vector<double>(-1.615753718733365076637E1);
        p = p * z + new Vector<double>(-7.500855792314704667340E1);
        p = p * z + new Vector<double>(-1.228866684490136173410E2);
        p = p * z + new Vector<double>(-6.485021904942025371773E1);
        var q = z + new Vector<double>(2.485846490142306297962E1);
        q = q * z + new Vector<double>(1.650270098316988542046E2);
        q = q * z + new Vector<double>(4.328810604912902668951E2);
        q = q * z + new Vector<double>(4.853903996359136964868E2);
        q = q * z + new Vector<double>(1.945506571482613964425E2);
        var r = y0 + (xr * (z * p / q) + xr + extra);
        return Vector.ConditionalSelect(sign, -r, r);
    }

    /// <summary>atan2(y, x) for y ≥ 0 (result in [0, π]); 0 where x = y = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Atan2NonNegativeY(Vector<double> y, Vector<double> x)
    {
        var ax = Vector.Abs(x);
        var xDominant = Vector.GreaterThanOrEqual(ax, y);
        var num = Vector.ConditionalSelect(xDominant, y, ax);
        var den = Vector.ConditionalSelect(xDominant, ax, y);
        var safeDen = Vector.ConditionalSelect(Vector.Equals(den, Vector<double>.Zero), Vector<double>.One, den);
        var a = Atan(num / safeDen); // in [0, π/4]
        var halfPi = new Vector<double>(Math.PI / 2);
        var theta = Vector.ConditionalSelect(xDominant, a, halfPi - a); // angle of (|x|, y)
        return Vector.ConditionalSelect(Vector.LessThan(x, Vector<double>.Zero), new Vector<double>(Math.PI) - theta, theta);
    }
}
