using System.Numerics;
using System.Runtime.CompilerServices;

namespace FeatureScale.Activations;

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
