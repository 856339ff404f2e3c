namespace FeatureScale.Numerics;

/// <summary>Root finding for scalar functions.</summary>
public static class RootFinding
{
    /// <summary>
    /// Brent's method (inverse quadratic interpolation, secant and bisection) on a bracket [a, b] with f(a) f(b) ≤ 0.
    /// Converges to |b − a| ≤ 2·eps·|x| + tol.
    /// </summary>
    public static double Brent(Func<double, double> f, double a, double b, double tol = 1e-14, int maxIterations = 200)
    {
        double fa = f(a), fb = f(b);
        if (fa == 0) return a;
        if (fb == 0) return b;
        if (double.IsNaN(fa) || double.IsNaN(fb)) throw new RootNotFoundException($"f is NaN at the bracket [{a}, {b}]");
        if (Math.Sign(fa) == Math.Sign(fb)) throw new RootNotFoundException($"[{a}, {b}] does not bracket a root (f = {fa}, {fb})");
        double c = a, fc = fa, d = b - a, e = d;
        for (int it = 0; it < maxIterations; it++)
        {
            if (Math.Sign(fb) == Math.Sign(fc)) { c = a; fc = fa; d = e = b - a; }
            if (Math.Abs(fc) < Math.Abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
            double tol1 = 2 * double.Epsilon + 2 * 2.220446049250313e-16 * Math.Abs(b) + 0.5 * tol;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol1 || fb == 0) return b;
            if (Math.Abs(e) >= tol1 && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c) { p = 2 * m * s; q = 1 - s; }
                else
                {
                    double qq = fa / fc, r = fb / fc;
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
                    q = (qq - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.Min(3 * m * q - Math.Abs(tol1 * q), Math.Abs(e * q))) { e = d; d = p / q; }
                else { d = m; e = m; }
            }
            else { d = m; e = m; }
            a = b; fa = fb;
            b += Math.Abs(d) > tol1 ? d : (m > 0 ? tol1 : -tol1);
            fb = f(b);
            if (double.IsNaN(fb)) throw new RootNotFoundException($"f became NaN at {b}");
        }
        throw new RootNotFoundException($"Brent did not converge in {maxIterations} iterations");
    }

    /// <summary>
    /// Expands [a, b] geometrically (factor 1.6) until it brackets a sign change; returns the bracket.
    /// </summary>
    public static (double A, double B) Bracket(Func<double, double> f, double a, double b, int maxIterations = 60)
    {
        if (a == b) throw new ArgumentException("initial interval is empty");
        double fa = f(a), fb = f(b);
        for (int it = 0; it < maxIterations; it++)
        {
            if (Math.Sign(fa) != Math.Sign(fb)) return (a, b);
            if (Math.Abs(fa) < Math.Abs(fb)) { a += 1.6 * (a - b); fa = f(a); }
            else { b += 1.6 * (b - a); fb = f(b); }
        }
        throw new RootNotFoundException("could not bracket a root");
    }
}
