namespace FeatureScale.Numerics;

/// <summary>
/// Adaptive one-dimensional quadrature: a 10-point Gauss–Legendre rule on an interval is compared with the same rule
/// on its two halves; intervals whose difference exceeds their share of the tolerance are bisected.
/// Infinite ends are mapped to a finite interval with x = t/(1 − t²).
/// </summary>
public static class Quadrature
{
    private static readonly QuadratureRule Legendre10 = GaussLegendre(10);

    /// <summary>Gauss–Legendre rule on [−1, 1] (Golub–Welsch, off-diagonal k/√(4k²−1), Newton-polished).</summary>
    public static QuadratureRule GaussLegendre(int n)
    {
        var jacobi = new double[n * n];
        for (int k = 1; k < n; k++) jacobi[(k - 1) * n + k] = jacobi[k * n + k - 1] = k / Math.Sqrt(4.0 * k * k - 1);
        var x = new double[n];
        new ManagedProvider().SymmetricEigen(jacobi, n, x);
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double xi = x[i], dp = 0;
            for (int it = 0; it < 4; it++)
            {
                (double p, double d) = LegendreWithDerivative(n, xi);
                dp = d;
                xi -= p / d;
            }
            (_, dp) = LegendreWithDerivative(n, xi);
            x[i] = xi;
            w[i] = 2 / ((1 - xi * xi) * dp * dp);
        }
        return new QuadratureRule(x, w);
    }

    private static (double P, double D) LegendreWithDerivative(int n, double x)
    {
        double p0 = 1, p1 = x;
        for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k);
        double d = n * (x * p1 - p0) / (x * x - 1);
        return (p1, d);
    }

    /// <summary>∫_a^b f(x) dx to absolute tolerance <paramref name="absTol"/> or relative <paramref name="relTol"/>.
    /// a and b may be infinite. Refinement stops at <paramref name="maxDepth"/> bisections of an interval or after
    /// about <paramref name="maxEvaluations"/> evaluations in all (the error estimate then tells how far it got).
    /// Throws <see cref="ArithmeticException"/> when the integrand is not finite at a node.</summary>
    public static IntegrationResult Integrate(Func<double, double> f, double a, double b, double absTol = 1e-12, double relTol = 1e-10, int maxDepth = 50, int maxEvaluations = 1_000_000)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) throw new ArgumentException("integration limits must not be NaN");
        if (a == b) return new IntegrationResult(0, 0, 0);
        if (a > b) { var r = Integrate(f, b, a, absTol, relTol, maxDepth, maxEvaluations); return r with { Value = -r.Value }; }
        if (double.IsInfinity(a) || double.IsInfinity(b))
        {
            // x = t/(1−t²), dx = (1+t²)/(1−t²)² dt, t ∈ (−1, 1).
            double Map(double t) => t / (1 - t * t);
            double g(double t) { double d = 1 - t * t; return d <= 0 ? 0 : f(Map(t)) * (1 + t * t) / (d * d); }
            double ta = double.IsNegativeInfinity(a) ? -1 : Inverse(a), tb = double.IsPositiveInfinity(b) ? 1 : Inverse(b);
            return Integrate(g, ta, tb, absTol, relTol, maxDepth, maxEvaluations);
        }
        int evals = 0;
        double Rule(double lo, double hi)
        {
            double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo), s = 0;
            for (int i = 0; i < Legendre10.Nodes.Length; i++) s += Legendre10.Weights[i] * f(mid + half * Legendre10.Nodes[i]);
            evals += Legendre10.Nodes.Length;
            if (!double.IsFinite(s))
                throw new ArithmeticException(FormattableString.Invariant($"the integrand is not finite on [{lo}, {hi}] (write it so that it does not overflow, e.g. combine exponentials)"));
            return s * half;
        }
        double total = Rule(a, b);
        var (value, err) = Refine(a, b, total, absTol, 0);
        return new IntegrationResult(value, err, evals);

        (double, double) Refine(double lo, double hi, double whole, double tol, int depth)
        {
            double mid = 0.5 * (lo + hi);
            double left = Rule(lo, mid), right = Rule(mid, hi), both = left + right;
            double err = Math.Abs(both - whole);
            if (err <= Math.Max(tol, relTol * Math.Abs(both)) || depth >= maxDepth || evals >= maxEvaluations || hi - lo < 1e-14 * Math.Max(1, Math.Abs(mid)))
                return (both, err);
            var (l, el) = Refine(lo, mid, left, tol / 2, depth + 1);
            var (r, er) = Refine(mid, hi, right, tol / 2, depth + 1);
            return (l + r, el + er);
        }
    }

    private static double Inverse(double x) => x == 0 ? 0 : (Math.Sqrt(1 + 4 * x * x) - 1) / (2 * x);
}
