using System.Numerics;

namespace FeatureScale.Tests.Numerics;

/// <summary>
/// An independent high-precision erf for tests: fixed-point arithmetic on BigInteger with 320 fractional bits.
/// erf(x) = (2/√π) e^{-x²} Σ_n 2ⁿ x^{2n+1}/(2n+1)!! with e^{-x²} = 1/Σ_n x^{2n}/n! (both series have only positive
/// terms, so nothing cancels), π from Machin's formula and √π by Newton's method. Exact to far below double
/// rounding for |x| ≤ 6; beyond that erf(x) rounds to ±1 in double (erfc(6) ≈ 2e-17).
/// </summary>
internal static class HighPrecision
{
    private const int Bits = 320;
    private static readonly BigInteger One = BigInteger.One << Bits;
    private static readonly BigInteger TwoOverSqrtPi = Div(2 * One, Sqrt(Pi()));

    private static BigInteger Mul(BigInteger a, BigInteger b) => (a * b) >> Bits;
    private static BigInteger Div(BigInteger a, BigInteger b) => (a << Bits) / b;

    /// <summary>atan(1/n) = Σ (−1)^k / ((2k+1) n^{2k+1}).</summary>
    private static BigInteger ArcTanInverse(int n)
    {
        BigInteger sum = 0, power = One / n, n2 = n * n;
        for (int k = 0; power != 0; k++)
        {
            var term = power / (2 * k + 1);
            sum += k % 2 == 0 ? term : -term;
            power /= n2;
        }
        return sum;
    }

    private static BigInteger Pi() => 16 * ArcTanInverse(5) - 4 * ArcTanInverse(239);

    private static BigInteger Sqrt(BigInteger a)
    {
        // Newton on the fixed-point value: r ← (r + a/r)/2.
        var r = One << 1;
        for (int i = 0; i < 400; i++)
        {
            var next = (r + Div(a, r)) >> 1;
            if (BigInteger.Abs(next - r) <= 1) return next;
            r = next;
        }
        return r;
    }

    /// <summary>The exact value of a double as a fixed-point number (exact for |x| ≥ 2^-300).</summary>
    private static BigInteger FromDouble(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exp = (int)((bits >> 52) & 0x7FF);
        long mant = bits & ((1L << 52) - 1);
        if (exp == 0) exp = 1; else mant |= 1L << 52;
        int shift = exp - 1075 + Bits; // x = mant · 2^(exp−1075)
        BigInteger v = mant;
        v = shift >= 0 ? v << shift : v >> -shift;
        return x < 0 ? -v : v;
    }

    /// <summary>Converts a fixed-point number to the nearest double (to within one rounding of 64 leading bits).</summary>
    private static double ToDouble(BigInteger v)
    {
        if (v.IsZero) return 0;
        int sign = v.Sign;
        v = BigInteger.Abs(v);
        long length = (long)v.GetBitLength();
        int drop = (int)Math.Max(0, length - 64);
        double top = (double)(ulong)(v >> drop);
        return sign * Math.ScaleB(top, drop - Bits);
    }

    /// <summary>erf(x) correct to about 1e-30 relative (then rounded to double).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        if (ax > 6) return Math.Sign(x);
        if (ax < 1e-60)
        {
            // erf(x) = (2/√π) x (1 − x²/3 + …): the correction is below 1e-120.
            return ToDouble(Mul(TwoOverSqrtPi, One)) * x;
        }
        return ToDouble(ErfFixed(x));
    }

    /// <summary>erfc(x) = 1 − erf(x) for |x| ≤ 6 without cancellation (the fixed-point erf carries 320 bits).</summary>
    public static double Erfc(double x)
    {
        if (Math.Abs(x) > 6) throw new ArgumentOutOfRangeException(nameof(x), "reference erfc covers |x| ≤ 6");
        return ToDouble(One - ErfFixed(x));
    }

    private static BigInteger ErfFixed(double x)
    {
        var X = FromDouble(x);
        var u = Mul(X, X);
        // Σ 2ⁿ x^{2n+1}/(2n+1)!!
        BigInteger term = X, series = X;
        for (int n = 1; term != 0; n++)
        {
            term = Mul(term, 2 * u) / (2 * n + 1);
            series += term;
        }
        // e^{x²} = Σ x^{2n}/n!
        BigInteger t2 = One, exp = One;
        for (int n = 1; t2 != 0; n++)
        {
            t2 = Mul(t2, u) / n;
            exp += t2;
        }
        return Div(Mul(TwoOverSqrtPi, series), exp);
    }
}
