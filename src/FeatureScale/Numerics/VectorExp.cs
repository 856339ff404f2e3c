using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FeatureScale.Numerics;

/// <summary>
/// e^x on AVX-512 double vectors (used by the erf kernels and Lanes512): Cody–Waite reduction x = n ln2 + r (|r| ≤ ln2/2, ln2 split
/// in a high part with trailing zeros and a low part), Taylor polynomial of degree 13 for e^r (truncation ≤ 4e-18),
/// and 2^n from the exponent bits. Relative error ≤ 2 ulp on [−708, 709.78]; below −708 the result is flushed to 0
/// (no subnormals), above ln(max double) it is +∞, NaN stays NaN. About ten times cheaper than Vector512.Exp in .NET 10 here.
/// </summary>
public static class VectorExp
{
    private const double Log2E = 1.4426950408889634, Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;
    private const double Magic = 6755399441055744.0; // 2^52 + 2^51: adding it rounds to an integer held in the low bits

    /// <summary>e^x lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var xc = Vector512.Min(Vector512.Max(x, Vector512.Create(-708.0)), Vector512.Create(709.78));
        var p = Reduced(xc, out var k);
        // 2^n: n sits in the low bits of k; split it in two factors so that n = 1024 (x near 709) does not overflow the exponent.
        var ni = k.AsInt64() - Vector512.Create(Magic).AsInt64();
        var half = Vector512.ShiftRightArithmetic(ni, 1);
        var s1 = Vector512.ShiftLeft(half + Vector512.Create(1023L), 52).AsDouble();
        var s2 = Vector512.ShiftLeft(ni - half + Vector512.Create(1023L), 52).AsDouble();
        var result = p * s1 * s2;
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(-708.0)), Vector512<double>.Zero, result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(709.782712893384)), Vector512.Create(double.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x); // NaN in, NaN out
    }

    /// <summary>
    /// e^x for x ∈ [−708, 0] only (no clamping, no ±∞/NaN handling; the caller guarantees the range): the same
    /// reduction and polynomial as <see cref="Exp(Vector512{double})"/> and one exact scaling by 2^n, so the values are
    /// bit-identical to it on that range at about two thirds of the work (used for e^{−x²} in erf).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ExpNonPositive(Vector512<double> x)
    {
        var p = Reduced(x, out var k);
        // n ∈ [−1022, 0]: 2^n is a normal double and p·2^n is exact (p ∈ [0.7, 1.5], results stay normal).
        var ni = k.AsInt64() - Vector512.Create(Magic).AsInt64();
        return p * Vector512.ShiftLeft(ni + Vector512.Create(1023L), 52).AsDouble();
    }

    /// <summary>
    /// The reduction x = n ln2 + r (n held in the low bits of <paramref name="k"/>) and the degree-13 Taylor polynomial
    /// of e^r, shared by both exponentials.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Reduced(Vector512<double> x, out Vector512<double> k)
    {
        k = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Magic));
        var n = k - Vector512.Create(Magic);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        var p = Vector512.Create(1.0 / 6227020800.0);                                   // 1/13!
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 479001600.0));      // 1/12!
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 39916800.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 3628800.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 362880.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 40320.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 5040.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 720.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 120.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 24.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.0 / 6.0));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        return Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
    }

    private const float Log2EF = 1.44269504088896341f, Ln2HiF = 0.693359375f, Ln2LoF = -2.12194440e-4f, MagicF = 12582912f; // 1.5·2^23

    /// <summary>
    /// e^x on AVX-512 single vectors: the same reduction with a degree-7 Taylor polynomial (truncation ≤ 5e-9);
    /// relative error ≤ 2 ulp on [−87, 88]; below −87 flushed to 0, above ln(max float) +∞, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var xc = Vector512.Min(Vector512.Max(x, Vector512.Create(-87f)), Vector512.Create(88.7f));
        var k = Vector512.FusedMultiplyAdd(xc, Vector512.Create(Log2EF), Vector512.Create(MagicF));
        var n = k - Vector512.Create(MagicF);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2HiF), xc);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2LoF), r);
        var p = Vector512.Create(1f / 5040f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        var ni = k.AsInt32() - Vector512.Create(MagicF).AsInt32();
        var half = Vector512.ShiftRightArithmetic(ni, 1);
        var s1 = Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle();
        var s2 = Vector512.ShiftLeft(ni - half + Vector512.Create(127), 23).AsSingle();
        var result = p * s1 * s2;
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(-87f)), Vector512<float>.Zero, result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(88.72283f)), Vector512.Create(float.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }
}
