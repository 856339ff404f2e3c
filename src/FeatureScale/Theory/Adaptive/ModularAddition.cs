using FeatureScale.Numerics;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// The modular-addition adaptive-kernel theory: per-Fourier-mode action (Eqs. 16, B.34) in Φ = |w_k|², Ψ = |v_k|²,
/// its saddles Φ± = (g ± √(g² − γ))/γ with g = u a², the target eigenvalue λ = σ_a²⟨|w_k|²|v_k|²⟩ by the two-point
/// mixture (Eq. B.41–42), exact 2-D quadrature or Monte Carlo, the scalar self-consistency for a, and the phase
/// boundaries (thermodynamic-limit lever rule in closed form, and at finite P from the solved mixture weight).
/// </summary>
public sealed class ModularAddition
{
    /// <summary>Parameters.</summary>
    public ModularParameters P { get; }
    /// <summary>Mixture weight thresholds separating GFL / GMFL-I / GMFL-II at finite P.</summary>
    public double PhaseThreshold { get; init; } = 0.01;

    /// <summary>Creates the model.</summary>
    public ModularAddition(ModularParameters p) { P = p.Validated(); }

    /// <summary>Per-mode action S_k(Φ, Ψ) = P[(Φ+Ψ)/2 − gΦΨ + (γ/6)(Φ³+Ψ³)] (Φ = |w_k|², flat measure dΦ dΨ).</summary>
    public double ModeAction(double phi, double psi, double g) =>
        P.Modulus * (0.5 * (phi + psi) - g * phi * psi + P.Gamma / 6 * (phi * phi * phi + psi * psi * psi));

    /// <summary>Diagonal action per P: f(Φ) = Φ − gΦ² + γΦ³/3 (S_k(Φ,Φ) = P f).</summary>
    public double DiagonalAction(double phi, double g) => phi - g * phi * phi + P.Gamma / 3 * phi * phi * phi;

    /// <summary>Nonzero saddles Φ± (NaN when g² &lt; γ: no nonzero saddle).</summary>
    public (double Plus, double Minus) Saddles(double g)
    {
        double disc = g * g - P.Gamma;
        if (disc < 0) return (double.NaN, double.NaN);
        return ((g + Math.Sqrt(disc)) / P.Gamma, (g - Math.Sqrt(disc)) / P.Gamma);
    }

    /// <summary>g = u a².</summary>
    public double Coupling(double a) => P.Interaction * a * a;

    /// <summary>λ(a) = σ_a²⟨ΦΨ⟩ by the chosen method, with the droplet weight.</summary>
    public (double Lambda, double Weight, double? Se) Eigenvalue(double a, AveragingMethod method, MonteCarloOptions? mc = null)
    {
        double g = Coupling(a);
        var (phiP, _) = Saddles(g);
        if (double.IsNaN(phiP)) return (0, 0, method == AveragingMethod.MonteCarlo ? 0 : null);
        switch (method)
        {
            case AveragingMethod.Saddle:
            {
                // Eq. B.41–42: weight 4e^{−S+} against 1 for the zero saddle, fluctuations dropped.
                double s = P.Modulus * DiagonalAction(phiP, g);
                double w = s > 0 ? 4 * Math.Exp(-s) / (1 + 4 * Math.Exp(-s)) : 4 / (Math.Exp(s) + 4);
                return (P.SigmaA2 * phiP * phiP * w, w, null);
            }
            case AveragingMethod.Quadrature: { var (m, w) = QuadratureMoments(g); return (P.SigmaA2 * m, w, null); }
            case AveragingMethod.MonteCarlo: { var (m, w, se) = MonteCarloMoments(g, mc ?? new MonteCarloOptions()); return (P.SigmaA2 * m, w, P.SigmaA2 * se); }
            default: throw new ConfigException($"unknown method {method}");
        }
    }

    private (double SLo, double SHi, double TSd) SaddleBox(double g, double phiP)
    {
        double pm = P.Modulus, f0 = DiagonalAction(phiP, g);
        double stiff = 1 / Math.Sqrt(pm * (P.Gamma * phiP + g));
        double soft = 1 / Math.Sqrt(pm * Math.Max(P.Gamma * phiP - g, 1e-300));
        double step = Math.Min(soft, phiP) / 4, lo = 0, hi = 0;
        while (phiP + lo - step > 0 && pm * (DiagonalAction(phiP + lo - step, g) - f0) < 45) lo -= step;
        lo -= step; lo = Math.Max(lo, -phiP * 0.999);
        while (pm * (DiagonalAction(phiP + hi + step, g) - f0) < 45) hi += step;
        hi += step;
        return (lo, hi, stiff);
    }

    /// <summary>
    /// Exact 2-D quadrature of ⟨ΦΨ⟩ under exp(−S_k): composite Gauss–Legendre on the zero corner [0, 60/P]² and on a
    /// box around the nonzero saddle aligned with its Hessian eigenvectors (extent along the soft diagonal to where the
    /// action rises by 45, ±14 stiff widths across); elsewhere the integrand is below e^{−40} of its peak.
    /// Returns the moment and the weight of the nonzero well.
    /// </summary>
    public (double Moment, double Weight) QuadratureMoments(double g)
    {
        var (phiP, _) = Saddles(g);
        var gl = Quadrature.GaussLegendre(8);
        var pts = new List<(double Phi, double Psi, double LogW, bool Drop)>();
        double lz = 60 / P.Modulus;
        foreach (var (x, wx) in Composite(gl, 0, lz, 12))
            foreach (var (y, wy) in Composite(gl, 0, lz, 12))
                pts.Add((x, y, Math.Log(wx * wy) - ModeAction(x, y, g), false));
        if (!double.IsNaN(phiP) && phiP > 2 * lz)
        {
            var (slo, shi, tsd) = SaddleBox(g, phiP);
            foreach (var (s, ws) in Composite(gl, slo, shi, 24))
                foreach (var (t, wt) in Composite(gl, -14 * tsd, 14 * tsd, 6))
                {
                    double phi = phiP + s + t, psi = phiP + s - t;
                    if (phi <= lz || psi <= lz) continue;
                    pts.Add((phi, psi, Math.Log(2 * ws * wt) - ModeAction(phi, psi, g), true));
                }
        }
        double lmax = pts.Max(p => p.LogW), z = 0, m = 0, zd = 0;
        foreach (var p in pts) { double w = Math.Exp(p.LogW - lmax); z += w; m += w * p.Phi * p.Psi; if (p.Drop) zd += w; }
        return (m / z, zd / z);
    }

    private static IEnumerable<(double X, double W)> Composite(QuadratureRule gl, double a, double b, int panels)
    {
        double h = (b - a) / panels;
        for (int p = 0; p < panels; p++)
            for (int i = 0; i < gl.Nodes.Length; i++)
                yield return (a + p * h + 0.5 * h * (gl.Nodes[i] + 1), 0.5 * h * gl.Weights[i]);
    }

    /// <summary>
    /// Metropolis–Hastings on (Φ, Ψ) ≥ 0: random-walk moves plus independence proposals from a mixture of
    /// Exp(P/2)⊗Exp(P/2) at the origin and the Hessian Gaussian at the nonzero saddle (so the chain jumps the
    /// barrier). Returns ⟨ΦΨ⟩, the fraction of time in the nonzero well, and the chain-to-chain standard error.
    /// </summary>
    public (double Moment, double Weight, double Se) MonteCarloMoments(double g, MonteCarloOptions mc)
    {
        var (phiP, _) = Saddles(g);
        double pm = P.Modulus, rate = pm / 2;
        bool hasWell = !double.IsNaN(phiP);
        double sdS = 0, sdT = 0;
        if (hasWell)
        {
            sdS = 1.5 / Math.Sqrt(pm * Math.Max(P.Gamma * phiP - g, 1e-12));
            sdT = 1.5 / Math.Sqrt(pm * (P.Gamma * phiP + g));
        }
        double LogProp(double x, double y)
        {
            double p0 = x >= 0 && y >= 0 ? rate * rate * Math.Exp(-rate * (x + y)) : 0, p1 = 0;
            if (hasWell)
            {
                double s = 0.5 * (x + y) - phiP, t = 0.5 * (x - y);
                p1 = Math.Exp(-0.5 * (s * s / (sdS * sdS) + t * t / (sdT * sdT))) / (2 * Math.PI * sdS * sdT * 2);
            }
            return Math.Log(Math.Max(hasWell ? 0.5 * p0 + 0.5 * p1 : p0, 1e-300));
        }
        double LogT(double x, double y) => x < 0 || y < 0 ? double.NegativeInfinity : -ModeAction(x, y, g);
        int per = mc.Samples / mc.Chains;
        var means = new double[mc.Chains]; var drops = new double[mc.Chains];
        for (int ch = 0; ch < mc.Chains; ch++)
        {
            var rng = RandomStream.For(mc.Seed, (uint)ch, "modular-mode-mc");
            (double, double) Draw()
            {
                if (!hasWell || rng.NextDouble() < 0.5) return (-Math.Log(1 - rng.NextDouble()) / rate, -Math.Log(1 - rng.NextDouble()) / rate);
                double s = phiP + sdS * rng.NextGaussian(), t = sdT * rng.NextGaussian();
                return (s + t, s - t);
            }
            var (x, y) = Draw(); double lp = LogT(x, y);
            double cut = hasWell ? 0.5 * (Saddles(g).Minus + phiP) : double.PositiveInfinity;
            for (int it = 0; it < mc.BurnIn + per; it++)
            {
                double nx, ny, la;
                if ((it & 1) == 0)
                {
                    // step chosen independently of the state (mixture of symmetric kernels keeps detailed balance)
                    double st = hasWell && rng.NextDouble() < 0.5 ? sdT : 1 / rate;
                    nx = x + st * rng.NextGaussian(); ny = y + st * rng.NextGaussian();
                    la = LogT(nx, ny) - lp;
                }
                else
                {
                    (nx, ny) = Draw();
                    la = LogT(nx, ny) - lp + LogProp(x, y) - LogProp(nx, ny);
                }
                if (Math.Log(rng.NextDouble()) < la) { x = nx; y = ny; lp = LogT(x, y); }
                if (it >= mc.BurnIn) { means[ch] += x * y / per; if (hasWell && x + y > cut) drops[ch] += 1.0 / per; }
            }
        }
        double m = means.Average(), v = means.Sum(a => (a - m) * (a - m)) / (mc.Chains - 1);
        return (m, drops.Average(), Math.Sqrt(v / mc.Chains));
    }

    /// <summary>Solves a = −σ²/(λ(a) + σ²) on [−1, 0) by Brent (the residual is monotone in a: one root).</summary>
    public ModularSolution Solve(AveragingMethod method, MonteCarloOptions? mc = null)
    {
        double s2 = P.Sigma2;
        double F(double a) => a + s2 / (Eigenvalue(a, method, mc).Lambda + s2);
        double a = RootFinding.Brent(F, -1, -1e-9, 1e-13);
        var (lam, w, se) = Eigenvalue(a, method, mc);
        double g = Coupling(a);
        var (phiP, _) = Saddles(g);
        double sp = double.IsNaN(phiP) ? double.NaN : P.Modulus * DiagonalAction(phiP, g);
        var phase = w < PhaseThreshold ? FeaturePhase.GFL : w > 1 - PhaseThreshold ? FeaturePhase.GMFL_II : FeaturePhase.GMFL_I;
        return new ModularSolution(method, s2, P.Interaction, a, lam, g, phiP, sp, w, phase, se);
    }

    /// <summary>A copy at another σ².</summary>
    public ModularAddition WithSigma2(double sigma2) => new(P with { Sigma2 = sigma2 }) { PhaseThreshold = PhaseThreshold };

    /// <summary>
    /// Phase boundaries. Limit (P → ∞, lever rule): degeneracy f(Φ*) = 0 at g* = 2√(γ/3), Φ* = √(3/γ); GMFL-I
    /// starts at u(σ²)·1 = g* (a = −1), i.e. σ²₁ = √(u₀/g*) with u₀ = 2σ_a²P²/N; GMFL-II starts when the full
    /// droplet eigenvalue λ* = σ_a²Φ*² is needed: σ²₂ = σ²₁ − λ*, where a = −σ²₂/σ²₁. At finite P: the σ² where
    /// the solved droplet weight crosses the phase thresholds (bisection), with the given method.
    /// </summary>
    public ModularBoundaries Boundaries(AveragingMethod method = AveragingMethod.Saddle, bool finiteP = true)
    {
        double gStar = 2 * Math.Sqrt(P.Gamma / 3), phiStar = Math.Sqrt(3 / P.Gamma);
        double u0 = 2 * P.SigmaA2 * P.Modulus * P.Modulus / P.Width;
        double s1 = Math.Sqrt(u0 / gStar), lamStar = P.SigmaA2 * phiStar * phiStar, s2 = s1 - lamStar;
        double? f1 = null, f2 = null;
        if (finiteP)
        {
            double W(double s) => WithSigma2(s).Solve(method).DropletWeight;
            f1 = Crossing(s => W(s) - PhaseThreshold, s1 * 0.5, s1 * 1.5);
            f2 = Crossing(s => W(s) - (1 - PhaseThreshold), Math.Max(s2 * 0.5, 1e-6), s1 * 1.5);
        }
        return new ModularBoundaries(s1, s2, -s2 / s1, gStar, phiStar, f1, f2, method);
    }

    private static double? Crossing(Func<double, double> f, double lo, double hi)
    {
        double flo = f(lo), fhi = f(hi);
        if (Math.Sign(flo) == Math.Sign(fhi)) return null;
        for (int i = 0; i < 80 && hi - lo > 1e-12; i++)
        {
            double mid = 0.5 * (lo + hi), fm = f(mid);
            if (Math.Sign(fm) == Math.Sign(flo)) { lo = mid; flo = fm; } else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
