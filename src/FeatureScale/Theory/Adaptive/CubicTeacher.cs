using FeatureScale.Numerics;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// The cubic teacher in the equivalent-kernel (continuum) limit: scalar order-parameter action (Eq. 13), the
/// two-mode GPR closure for (b, c) (App. A.3, with the digest's corrections: (1,1) entry 4q²/(πD), and
/// [b, √6c] = (σ²/n)[Q̃ + σ²/n]⁻¹[1, √6ε]), finite-d solutions by any <see cref="AveragingMethod"/>, all branches by
/// bracketing, continuation in σ², the critical point u_c, and the phase in the thermodynamic limit.
/// </summary>
public sealed class CubicTeacher
{
    /// <summary>Parameters.</summary>
    public CubicTeacherParameters P { get; }
    /// <summary>Lower end of the "nonzero" region: minima with |q| above this are droplets.</summary>
    public double QSeparation { get; init; } = 0.2;
    /// <summary>Largest closure residual |Δb| + |Δc| accepted as a self-consistent solution.</summary>
    public double AcceptResidual { get; init; } = 1e-6;
    /// <summary>Integration half-width in q = w·w*.</summary>
    public double QMax { get; init; } = 4.0;

    /// <summary>Creates the model.</summary>
    public CubicTeacher(CubicTeacherParameters p) { P = p.Validated(); }

    /// <summary>u = n²σ_a²/(σ⁴ d N).</summary>
    public static double Interaction(double n, double width, double d, double sigmaA2, double sigma2) =>
        n * n * sigmaA2 / (sigma2 * sigma2 * d * width);

    /// <summary>D(q) = 1 + 2(σ_w² + q²): |w|² with the orthogonal part replaced by its mean (concentration).</summary>
    public double Denominator(double q) => 1 + 2 * (P.SigmaW2 + q * q);

    /// <summary>Reduced action Ŝ(q) of Eq. 13 (the full action is d·Ŝ).</summary>
    public double ReducedAction(double q, double b, double c) => ReducedAction(q, b, c, P.Interaction);

    /// <summary>Reduced action at an explicit u.</summary>
    public double ReducedAction(double q, double b, double c, double u)
    {
        double d = Denominator(q), q2 = q * q, m = b - 2 * c * q2 / d;
        return q2 / (2 * P.SigmaW2) - 2 * u / Math.PI * q2 / d * m * m;
    }

    /// <summary>Projections squared: ⟨Ĥ₁φ⟩² = 4q²/(πD) (corrected), ⟨Ĥ₁φ⟩⟨Ĥ₃φ⟩ = −8q⁴/(√6πD²), ⟨Ĥ₃φ⟩² = 8q⁶/(3πD³).</summary>
    public Func<double, double>[] KernelIntegrands() =>
    [
        q => 4 * q * q / (Math.PI * Denominator(q)),
        q => -8 * Math.Pow(q, 4) / (Math.Sqrt(6) * Math.PI * Math.Pow(Denominator(q), 2)),
        q => 8 * Math.Pow(q, 6) / (3 * Math.PI * Math.Pow(Denominator(q), 3)),
    ];

    /// <summary>Two-mode GPR closure: given Q̃ = σ_a²⟨g⟩, returns (b, c) from [b, √6c] = r(Q̃ + r)⁻¹[1, √6ε].</summary>
    public (double B, double C) Closure(double l11, double l13, double l33)
    {
        double r = P.Ridge, a = l11 + r, bb = l13, d = l33 + r, det = a * d - bb * bb;
        double y1 = 1, y3 = Math.Sqrt(6) * P.Epsilon;
        double t1 = r * (d * y1 - bb * y3) / det, t3 = r * (-bb * y1 + a * y3) / det;
        return (t1, t3 / Math.Sqrt(6));
    }

    /// <summary>The order-parameter density exp(−d·Ŝ(q; b, c)).</summary>
    public ScalarDensity Density(double b, double c) => new(q => ReducedAction(q, b, c), P.Dimension, QMax);

    /// <summary>Kernel eigen-entries (λ₁₁, λ₁₃, λ₃₃) = σ_a²⟨g⟩ and the averaging record at (b, c).</summary>
    public (double L11, double L13, double L33, ScalarAverages Avg) Kernel(double b, double c, AveragingMethod method, MonteCarloOptions? mc = null)
    {
        var avg = method == AveragingMethod.QuadratureFullNorm ? FullNormAverage(b, c) : Density(b, c).Average(KernelIntegrands(), method, mc);
        return (P.SigmaA2 * avg.Values[0], P.SigmaA2 * avg.Values[1], P.SigmaA2 * avg.Values[2], avg);
    }

    private double InnerC(double b, double c0, AveragingMethod method, MonteCarloOptions? mc)
    {
        // At finite d the map c ↦ C(b, c) can switch steeply (a droplet well gaining weight), so damped iteration
        // may 2-cycle: solve C(b, c) = c by Brent on a bracket around [ε, 0], falling back to iteration.
        double e = P.Epsilon, lo = Math.Min(e, 0) - 0.5 * Math.Abs(e) - 0.01, hi = Math.Max(e, 0) + 0.5 * Math.Abs(e) + 0.01;
        double G(double cc) { var (l11, l13, l33, _) = Kernel(b, cc, method, mc); return Closure(l11, l13, l33).C - cc; }
        double glo = G(lo), ghi = G(hi);
        if (Math.Sign(glo) != Math.Sign(ghi))
        {
            try { return RootFinding.Brent(G, lo, hi, 1e-12); } catch (RootNotFoundException) { }
        }
        double c = c0;
        for (int it = 0; it < 200; it++)
        {
            var (l11, l13, l33, _) = Kernel(b, c, method, mc);
            double cn = Closure(l11, l13, l33).C;
            if (Math.Abs(cn - c) < 1e-12) return cn;
            c = 0.5 * (c + cn);
        }
        return c;
    }

    /// <summary>
    /// Exact 2-D average over q = w·w* and ρ = |w⊥|² of the finite-d action before norm concentration (App. A.2 Eq. 7):
    /// p(q, ρ) ∝ ρ^{(d−3)/2} exp(−d[q²/(2σ_w²) + ρ/(2σ_w²) − (2u/π) q²/D (b − 2cq²/D)²]), D = 1 + 2(q² + ρ), with the
    /// projections evaluated at |w|² = q² + ρ. Composite Gauss–Legendre in q (as the 1-D quadrature) times 32 nodes in ρ
    /// over ±12 widths of its χ² prior.
    /// </summary>
    public ScalarAverages FullNormAverage(double b, double c)
    {
        double d = P.Dimension, sw2 = P.SigmaW2, u = P.Interaction;
        if (d <= 3) throw new ConfigException("the full-norm quadrature needs d > 3");
        var minima = Density(b, c).Minima();
        double narrow = minima.Min(m => 1 / Math.Sqrt(d * Math.Max(m.Curvature, 1e-12)));
        int panels = (int)Math.Clamp(Math.Ceiling(2 * QMax / (0.1 * narrow)), 400, 20_000);
        var gl = Quadrature.GaussLegendre(8);
        double rhoMode = sw2 * (d - 3) / d, rhoSd = sw2 * Math.Sqrt(2 * (d - 1)) / d;
        double rlo = Math.Max(1e-12, rhoMode - 12 * rhoSd), rhi = rhoMode + 12 * rhoSd;
        const int NR = 32;
        var glr = Quadrature.GaussLegendre(NR);
        var rho = new double[NR]; var lwr = new double[NR];
        for (int j = 0; j < NR; j++)
        {
            rho[j] = rlo + 0.5 * (rhi - rlo) * (glr.Nodes[j] + 1);
            lwr[j] = Math.Log(0.5 * (rhi - rlo) * glr.Weights[j]) + 0.5 * (d - 3) * Math.Log(rho[j]) - d * rho[j] / (2 * sw2);
        }
        double hp = 2 * QMax / panels, lmax = double.NegativeInfinity;
        int nq = panels * 8;
        var qs = new double[nq]; var lq = new double[nq];
        for (int p = 0, k = 0; p < panels; p++)
            for (int i = 0; i < 8; i++, k++) { qs[k] = -QMax + p * hp + 0.5 * hp * (gl.Nodes[i] + 1); lq[k] = Math.Log(0.5 * hp * gl.Weights[i]); }
        double LogW(int k, int j)
        {
            double q2 = qs[k] * qs[k], dd = 1 + 2 * (q2 + rho[j]), m = b - 2 * c * q2 / dd;
            return lq[k] + lwr[j] - d * (q2 / (2 * sw2) - 2 * u / Math.PI * q2 / dd * m * m);
        }
        for (int k = 0; k < nq; k++) for (int j = 0; j < NR; j++) lmax = Math.Max(lmax, LogW(k, j));
        double z = 0, g1 = 0, g13 = 0, g3 = 0;
        var marginal = new double[nq];
        for (int k = 0; k < nq; k++)
        {
            double q2 = qs[k] * qs[k];
            for (int j = 0; j < NR; j++)
            {
                double w = Math.Exp(LogW(k, j) - lmax);
                if (w == 0) continue;
                double dd = 1 + 2 * (q2 + rho[j]);
                z += w; marginal[k] += w;
                g1 += w * 4 * q2 / (Math.PI * dd);
                g13 += w * -8 * q2 * q2 / (Math.Sqrt(6) * Math.PI * dd * dd);
                g3 += w * 8 * q2 * q2 * q2 / (3 * Math.PI * dd * dd * dd);
            }
        }
        // droplets: mass of the marginal p(q) beyond its barrier (maximum of −log p between 0 and the first nonzero
        // local minimum beyond QSeparation); none when the marginal has no such minimum
        var act = new double[nq];
        for (int k = 0; k < nq; k++) act[k] = marginal[k] > 0 ? -Math.Log(marginal[k]) + lq[k] : double.PositiveInfinity;
        int zeroK = Array.BinarySearch(qs, 0.0); if (zeroK < 0) zeroK = ~zeroK;
        double barrier = double.PositiveInfinity;
        for (int k = zeroK + 1; k + 1 < nq; k++)
        {
            if (qs[k] <= QSeparation || !(act[k] <= act[k - 1] && act[k] < act[k + 1])) continue;
            int top = zeroK; for (int t = zeroK; t <= k; t++) if (act[t] > act[top]) top = t;
            barrier = qs[top]; break;
        }
        double drop = 0;
        for (int k = 0; k < nq; k++) if (Math.Abs(qs[k]) > barrier) drop += marginal[k];
        return new ScalarAverages(AveragingMethod.QuadratureFullNorm, [g1 / z, g13 / z, g3 / z], minima, DropletMass: drop / z);
    }

    /// <summary>
    /// All self-consistent solutions at finite d: the closure is reduced to one equation in b (c solved by damped
    /// iteration at each b), scanned on a grid in (0, bMax] and every sign change refined by Brent.
    /// </summary>
    public IReadOnlyList<CubicSolution> SolveAll(AveragingMethod method, int scan = 60, MonteCarloOptions? mc = null)
    {
        double bMax = 1.3;
        var bs = Enumerable.Range(0, scan).Select(i => 1e-3 + (bMax - 1e-3) * i / (scan - 1)).ToArray();
        // Deterministic residual (inner c always started from ε) so that Brent sees a single-valued function.
        double Res(double b) { double c = InnerC(b, P.Epsilon, method, mc); var (l11, l13, l33, _) = Kernel(b, c, method, mc); return Closure(l11, l13, l33).B - b; }
        var rs = bs.Select(Res).ToArray();
        var sols = new List<CubicSolution>();
        for (int i = 0; i + 1 < bs.Length; i++)
        {
            if (Math.Sign(rs[i]) == Math.Sign(rs[i + 1])) continue;
            double b;
            try { b = RootFinding.Brent(Res, bs[i], bs[i + 1], 1e-11); }
            catch (RootNotFoundException) { continue; } // a jump (Monte-Carlo noise), not a root
            var sol = Evaluate(b, InnerC(b, P.Epsilon, method, mc), method, mc);
            // A sign change across a jump is not a solution: the Gaussian-saddle mixture at finite d is discontinuous
            // where a metastable well appears (spinodal, Laplace weight ∝ 1/√S''); such points are dropped.
            if (sol.Residual <= AcceptResidual) sols.Add(sol);
        }
        return sols;
    }

    /// <summary>Solution record at a given (b, c) (residual = |closure(b,c) − (b,c)|).</summary>
    public CubicSolution Evaluate(double b, double c, AveragingMethod method, MonteCarloOptions? mc = null)
    {
        var (l11, l13, l33, avg) = Kernel(b, c, method, mc);
        var (bn, cn) = Closure(l11, l13, l33);
        double drop = avg.DropletMass ?? avg.Minima.Where(m => Math.Abs(m.Location) > QSeparation).Sum(m => m.Weight);
        return new CubicSolution(method, P.Sigma2, P.Interaction, b, c, l11, l13, l33, drop, avg.Minima, Math.Abs(bn - b) + Math.Abs(cn - c));
    }

    /// <summary>The physical branch by continuation: the solution nearest to a previous b (or the largest-b root,
    /// i.e. the GFL branch, when none is given).</summary>
    public CubicSolution? Continue(AveragingMethod method, double? previousB, MonteCarloOptions? mc = null)
    {
        var all = SolveAll(method, mc: mc);
        if (all.Count == 0) return null;
        return previousB is double pb ? all.OrderBy(s => Math.Abs(s.B - pb)).First() : all.OrderByDescending(s => s.B).First();
    }

    /// <summary>A copy of the model at another noise σ².</summary>
    public CubicTeacher WithSigma2(double sigma2) => new(P with { Sigma2 = sigma2 }) { QSeparation = QSeparation, QMax = QMax, AcceptResidual = AcceptResidual };

    // ---------------- thermodynamic (saddle) limit ----------------

    /// <summary>Curvature Ŝ''(0) = 1/σ_w² − 4u b²/(π D₀).</summary>
    public double CurvatureAtZero(double b) => 1 / P.SigmaW2 - 4 * P.Interaction * b * b / (Math.PI * Denominator(0));

    /// <summary>
    /// Limit closure with a droplet fraction p at q*: ⟨g⟩ = (1−p)·(Gaussian at 0, variance v = 1/(d Ŝ''(0)), leading
    /// order: only the 4v/(πD₀) entry) + p·g(q*). With p = 0 this is the GFL branch, where c = ε exactly.
    /// </summary>
    public (double B, double C) LimitClosure(double b, double c, double p, double qStar)
    {
        double curv = CurvatureAtZero(b);
        double v = 1 / (P.Dimension * Math.Max(curv, 1e-9)); // an unstable zero well (curv ≤ 0) is regularised
        double d0 = Denominator(0);
        // Leading order in 1/d at fixed invariants: only ⟨q²⟩ = v survives; the ⟨q⁴⟩, ⟨q⁶⟩ terms give λ₁₃/r, λ₃₃/r ∝ 1/d → 0.
        double g11 = 4 * v / (Math.PI * d0), g13 = 0, g33 = 0;
        var g = KernelIntegrands();
        double s = P.SigmaA2;
        return Closure(s * ((1 - p) * g11 + p * g[0](qStar)), s * ((1 - p) * g13 + p * g[1](qStar)), s * ((1 - p) * g33 + p * g[2](qStar)));
    }

    /// <summary>GFL branch in the limit: b solves b = B(b) on (0, b_spinodal) with q-fluctuations at 0 only.</summary>
    public (double B, double C) LimitGfl()
    {
        double bSp = Math.Sqrt(Math.PI * Denominator(0) / (4 * P.Interaction * P.SigmaW2));
        double cc = P.Epsilon;
        double F(double b) { var r = LimitClosure(b, cc, 0, 0); cc = r.C; return r.B - b; }
        double hi = Math.Min(bSp * (1 - 1e-12), 2.0);
        double b = RootFinding.Brent(F, 1e-12, hi, 1e-13);
        for (int i = 0; i < 50; i++) cc = LimitClosure(b, cc, 0, 0).C;
        return (b, cc);
    }

    /// <summary>Minimum of Ŝ over q ∈ [QSeparation, QMax] (location, value): the nonzero well.</summary>
    public (double Q, double S) NonzeroWell(double b, double c, int n = 1201)
    { double best = double.PositiveInfinity, bq = QSeparation;
        for (int i = 0; i < n; i++) { double q = QSeparation + (QMax - QSeparation) * i / (n - 1); double s = ReducedAction(q, b, c); if (s < best) { best = s; bq = q; } }
        double h = (QMax - QSeparation) / (n - 1);
        double lo = Math.Max(QSeparation, bq - h), hi = Math.Min(QMax, bq + h);
        for (int it = 0; it < 100; it++)
        {
            double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
            if (ReducedAction(m1, b, c) < ReducedAction(m2, b, c)) hi = m2; else lo = m1;
        }
        double qq = 0.5 * (lo + hi);
        return (qq, ReducedAction(qq, b, c));
    }

    /// <summary>
    /// Critical point: the σ² (other parameters fixed) at which the nonzero well of the GFL-branch action becomes
    /// degenerate with Φ = 0, found by Brent on [lo, hi]; u_c = u(σ²_c).
    /// </summary>
    public CubicCriticalPoint CriticalPoint(double sigma2Lo = 0.02, double sigma2Hi = 2.0)
    {
        double Gap(double s2) { var m = WithSigma2(s2); var (b, c) = m.LimitGfl(); return m.NonzeroWell(b, c).S; }
        double glo = Gap(sigma2Lo), ghi = Gap(sigma2Hi);
        if (glo > 0 || ghi < 0) throw new ConfigException($"no GFL critical point for sigma^2 in [{sigma2Lo}, {sigma2Hi}]");
        double s2c = RootFinding.Brent(Gap, sigma2Lo, sigma2Hi, 1e-12);
        var mc = WithSigma2(s2c); var (bc, ccc) = mc.LimitGfl();
        return new CubicCriticalPoint(s2c, mc.P.Interaction, bc, ccc, mc.NonzeroWell(bc, ccc).Q);
    }

    private (double B, double C, double Q) LimitFixedPoint(double p, double b0, double c0)
    {
        double b = b0, c = c0, q = NonzeroWell(b, c).Q;
        for (int it = 0; it < 4000; it++)
        {
            var (bn, cn) = LimitClosure(b, c, p, q);
            double nb = 0.95 * b + 0.05 * bn, nc = 0.95 * c + 0.05 * cn;
            double nq = NonzeroWell(nb, nc, 241).Q;
            bool done = Math.Abs(nb - b) + Math.Abs(nc - c) < 1e-11;
            b = nb; c = nc; q = nq;
            if (done) break;
        }
        return (b, c, q);
    }

    /// <summary>Gap Ŝ(q*) of the limit fixed point with droplet fraction p (diagnostic for the lever rule).</summary>
    public double LeverGap(double p) { var (b, c) = LimitGfl(); var fp = LimitFixedPoint(p, b, c); return NonzeroWell(fp.B, fp.C).S; }

    /// <summary>
    /// Phase in the thermodynamic limit. GFL when the GFL-branch nonzero well lies above Ŝ(0) = 0; otherwise the
    /// mixed phase with the droplet fraction p fixed by degeneracy (lever rule: Ŝ(q*) = 0 with the closure including
    /// p droplets at q*), and GMFL-II when even p = 1 leaves the nonzero well below zero.
    /// </summary>
    public CubicLimitPhase LimitPhase()
    {
        var (b, c) = LimitGfl();
        var (q0, s0) = NonzeroWell(b, c);
        if (s0 >= 0) return new CubicLimitPhase(FeaturePhase.GFL, P.Sigma2, P.Interaction, b, c, 0, q0, s0);
        double Gap(double p) { var fp = LimitFixedPoint(p, b, c); return NonzeroWell(fp.B, fp.C).S; }
        double g1 = Gap(1);
        if (g1 < 0)
        {
            var f1 = LimitFixedPoint(1, b, c);
            return new CubicLimitPhase(FeaturePhase.GMFL_II, P.Sigma2, P.Interaction, f1.B, f1.C, 1, f1.Q, NonzeroWell(f1.B, f1.C).S);
        }
        // The smallest p that restores degeneracy (droplets nucleate continuously from p = 0): scan a log grid in p
        // for the first sign change, then Brent inside it.
        double pLo = 0, gLo = s0, pStar = double.NaN;
        for (int i = 0; i <= 24; i++)
        {
            double pp = Math.Pow(10, -4 + 4.0 * i / 24), gp = Gap(pp);
            if (gp >= 0) { pStar = RootFinding.Brent(Gap, pLo, pp, 1e-7); break; }
            pLo = pp; gLo = gp;
        }
        if (double.IsNaN(pStar)) pStar = 1;
        var fs = LimitFixedPoint(pStar, b, c);
        return new CubicLimitPhase(FeaturePhase.GMFL_I, P.Sigma2, P.Interaction, fs.B, fs.C, pStar, fs.Q, NonzeroWell(fs.B, fs.C).S);
    }
}
