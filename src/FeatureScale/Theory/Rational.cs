using System.Globalization;
using System.Numerics;

namespace FeatureScale.Theory;

/// <summary>An exact rational number p/q (q &gt; 0, lowest terms), for scaling exponents.</summary>
public readonly record struct Rational : IComparable<Rational>
{
    /// <summary>Numerator.</summary>
    public long P { get; }
    /// <summary>Denominator (positive).</summary>
    public long Q { get; }

    /// <summary>p/q reduced to lowest terms.</summary>
    public Rational(long p, long q = 1)
    {
        if (q == 0) throw new DivideByZeroException("rational with zero denominator");
        if (q < 0) { p = -p; q = -q; }
        long g = (long)BigInteger.GreatestCommonDivisor(p, q);
        if (g > 1) { p /= g; q /= g; }
        P = p; Q = q;
    }

    public static readonly Rational Zero = new(0), One = new(1);
    public bool IsZero => P == 0;
    public int Sign => Math.Sign(P);
    public double ToDouble() => (double)P / Q;

    private static Rational Make(BigInteger p, BigInteger q)
    {
        var g = BigInteger.GreatestCommonDivisor(p, q);
        if (!g.IsZero && g > 1) { p /= g; q /= g; }
        if (q < 0) { p = -p; q = -q; }
        if (BigInteger.Abs(p) > long.MaxValue || q > long.MaxValue) throw new OverflowException("exponent arithmetic overflowed");
        return new Rational((long)p, (long)q);
    }

    public static Rational operator +(Rational a, Rational b) => Make((BigInteger)a.P * b.Q + (BigInteger)b.P * a.Q, (BigInteger)a.Q * b.Q);
    public static Rational operator -(Rational a, Rational b) => Make((BigInteger)a.P * b.Q - (BigInteger)b.P * a.Q, (BigInteger)a.Q * b.Q);
    public static Rational operator -(Rational a) => new(-a.P, a.Q);
    public static Rational operator *(Rational a, Rational b) => Make((BigInteger)a.P * b.P, (BigInteger)a.Q * b.Q);
    public static Rational operator /(Rational a, Rational b) =>
        b.IsZero ? throw new DivideByZeroException("division by a zero exponent") : Make((BigInteger)a.P * b.Q, (BigInteger)a.Q * b.P);
    public static implicit operator Rational(long v) => new(v);
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;
    public int CompareTo(Rational other) => ((BigInteger)P * other.Q).CompareTo((BigInteger)other.P * Q);
    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;
    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;

    /// <summary>The closest rational with denominator ≤ maxDenominator (continued fractions); exact for "1/3"-like decimals.</summary>
    public static Rational FromDouble(double x, long maxDenominator = 1000)
    {
        if (double.IsNaN(x) || double.IsInfinity(x)) throw new ConfigException($"exponent {x} is not finite");
        long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
        double r = x;
        for (int i = 0; i < 40; i++)
        {
            double a = Math.Floor(r);
            long ai = (long)a;
            long p2 = ai * p1 + p0, q2 = ai * q1 + q0;
            if (q2 > maxDenominator) break;
            p0 = p1; q0 = q1; p1 = p2; q1 = q2;
            double frac = r - a;
            if (Math.Abs(x - (double)p1 / q1) < 1e-12 || frac < 1e-12) break;
            r = 1 / frac;
        }
        return new Rational(p1, q1);
    }

    /// <summary>Parses "3", "-1/2", "0.25", "1.5".</summary>
    public static Rational Parse(string s)
    {
        s = s.Trim();
        int slash = s.IndexOf('/');
        if (slash > 0)
        {
            if (long.TryParse(s[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture, out long p)
                && long.TryParse(s[(slash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long q) && q != 0)
                return new Rational(p, q);
        }
        else if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)) return new Rational(v);
        else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return FromDouble(d);
        throw new ConfigException($"'{s}' is not an exponent (use an integer, a fraction like 1/3 or a decimal)");
    }

    /// <summary>"3", "-1/2".</summary>
    public override string ToString() => Q == 1 ? P.ToString(CultureInfo.InvariantCulture) : $"{P}/{Q}";
}
