using FeatureScale.Numerics;

namespace FeatureScale.Theory;

/// <summary>
/// The exact large-deviation bound for a two-layer network (arXiv 2512.04165 App. B.3), generalised.
/// With w ~ N(0, σ₁² I/d), β = w·w_* ~ N(0, σ₁²/d) and |w|² ≈ σ₁² + β² (perpendicular part self-averaging),
/// the per-neuron overlap is c(β) = ⟨σ(w·x), y⟩/n_A = (c_m/n_A) β^m E_{t~N(0,σ₁²+β²)}[σ^{(m)}(t)]
/// (Stein/Rodrigues identity behind Eq. 35; n_A = 1 or ⟨y,y⟩ by <see cref="AlignmentConvention"/>). Then
/// S(β;t) = β²/σ₁² − σ₂² t² c(β)²/(N d) (Eq. 36 when σ₁² = σ₂² = 1 and y = He_3/3!),
/// t* solves t = α/(σ₂² ⟨c²⟩_t) with ⟨·⟩_t the tilted density ∝ e^{−d S(β;t)/2} (Eq. 37), and
/// E(α) = t*α − N log E_β e^{σ₂² t*² c²/(2N)} (Eqs. 39–40, Gaussian normalisation included so the log → 0 at t = 0).
/// F(t) = tα − N log E e^{…} is concave in t, so t* is unique; it is found by Brent on the monotone saddle equation.
/// Integrals over β use the trapezoid rule in z = β√d/σ₁ (spectrally accurate for these smooth, fast-decaying
/// integrands) on a grid extended until the tilted log-density has dropped by 60 below its maximum.
/// </summary>
public sealed class TwoLayerLdt
{
    private const double Step = 0.02;      // grid step in z = β √d/σ₁
    private const double TailDrop = 60;    // truncate where log-density < max − TailDrop
    private readonly LdtConfig _cfg;
    private readonly double _overlapScale; // c_m / n_A
    private readonly List<double> _c2 = []; // c(β_k)² on z_k = k·Step, grown on demand
    private readonly double _betaPerZ;

    /// <summary>Prepares the solver (validates the configuration).</summary>
    public TwoLayerLdt(LdtConfig cfg)
    {
        if (cfg.D < 1) throw new ConfigException("d must be ≥ 1");
        if (cfg.N < 1) throw new ConfigException("N must be ≥ 1");
        if (!(cfg.Kappa > 0)) throw new ConfigException("kappa must be > 0");
        if (!(cfg.Alpha > 0)) throw new ConfigException("alpha must be > 0");
        if (!(cfg.Sigma1Squared > 0) || !(cfg.Sigma2Squared > 0)) throw new ConfigException("prior variances must be > 0");
        _cfg = cfg;
        double nA = cfg.Alignment == AlignmentConvention.Inner ? 1 : cfg.Target.SquaredNorm;
        _overlapScale = cfg.Target.Prefactor / nA;
        _betaPerZ = Math.Sqrt(cfg.Sigma1Squared / cfg.D);
        if (Overlap(1.0) == 0 && Overlap(0.5) == 0)
            throw new ConfigException($"{cfg.Activation.Name} has no degree-{cfg.Target.Degree} Hermite component: the target cannot be aligned (E = ∞)");
    }

    /// <summary>The configuration.</summary>
    public LdtConfig Config => _cfg;

    /// <summary>c(β) = (c_m/n_A) β^m g_m(σ₁² + β²), the per-neuron overlap ⟨σ(w·x), y⟩/n_A.</summary>
    public double Overlap(double beta) =>
        _overlapScale * Math.Pow(beta, _cfg.Target.Degree) * _cfg.Activation.DerivativeExpectation(_cfg.Target.Degree, _cfg.Sigma1Squared + beta * beta);

    /// <summary>S(β; t) of Eq. 36 (generalised).</summary>
    public double S(double beta, double t)
    {
        double c = Overlap(beta);
        return beta * beta / _cfg.Sigma1Squared - _cfg.Sigma2Squared * t * t * c * c / ((double)_cfg.N * _cfg.D);
    }

    private double C2(int k)
    {
        while (_c2.Count <= k)
        {
            double c = Overlap(_c2.Count * Step * _betaPerZ);
            _c2.Add(c * c);
        }
        return _c2[k];
    }

    /// <summary>Upper bound of the log-weight beyond grid index k: −z²/2 + τ sup c² (sup over β ≤ 50σ₁).</summary>
    private double TailBound(int k, double tau) { double z = k * Step; return -0.5 * z * z + tau * C2Sup; }

    private double? _c2sup;
    /// <summary>sup of c(β)² over 0 ≤ β ≤ 50σ₁ (coarse scan; the prior weight beyond is below e^{−1250 d}).</summary>
    private double C2Sup
    {
        get
        {
            if (_c2sup is double v) return v;
            double s1 = Math.Sqrt(_cfg.Sigma1Squared), sup = 0;
            int n = _cfg.Activation.UsesQuadrature ? 250 : 5000;
            for (int i = 0; i <= n; i++) { double c = Overlap(50 * s1 * i / n); sup = Math.Max(sup, c * c); }
            _c2sup = sup * 1.05;
            return _c2sup.Value;
        }
    }

    /// <summary>Tilt exponent per unit c²: τ = σ₂² t²/(2N).</summary>
    private double Tau(double t) => _cfg.Sigma2Squared * t * t / (2.0 * _cfg.N);

    /// <summary>log-density (unnormalised) on the z grid: −z²/2 + τ c².</summary>
    private double LogWeight(int k, double tau) { double z = k * Step; return -0.5 * z * z + tau * C2(k); }

    /// <summary>
    /// Tilted moments at t: log E_β[e^{τc²}] and ⟨c²⟩_t. Symmetric in β (c² is even), so the trapezoid sum runs
    /// over z ≥ 0 with the z = 0 node counted once.
    /// </summary>
    public (double LogMgf, double MeanC2) Moments(double t)
    {
        double tau = Tau(t);
        // First pass: find the maximum and the truncation index.
        double max = double.NegativeInfinity;
        int last = 0;
        const int cap = 5_000_000;
        for (int k = 0; k < cap; k++)
        {
            double lw = LogWeight(k, tau);
            if (double.IsNaN(lw) || double.IsPositiveInfinity(lw)) throw new ConfigException("the tilted integral diverges (the overlap grows too fast in β)");
            if (lw > max) max = lw;
            last = k;
            if (k * Step > 12 && TailBound(k, tau) < max - TailDrop) break;
            if (k == cap - 1) throw new ConfigException("the tilted integral does not decay: the overlap grows as fast as the prior decays (choose a smaller t or another activation)");
        }
        double s0 = 0, s1 = 0;
        for (int k = 0; k <= last; k++)
        {
            double w = Math.Exp(LogWeight(k, tau) - max) * (k == 0 ? 1 : 2);
            s0 += w; s1 += w * C2(k);
        }
        double logNorm = Math.Log(Step / Math.Sqrt(2 * Math.PI));
        return (max + Math.Log(s0) + logNorm, s1 / s0);
    }

    /// <summary>Residual of the t* equation: t − α/(σ₂² ⟨c²⟩_t).</summary>
    public double SaddleResidual(double t) => t - _cfg.Alpha / (_cfg.Sigma2Squared * Moments(t).MeanC2);

    /// <summary>Solves the saddle equation for t* and evaluates E(α), k and P*.</summary>
    public LdtResult Solve()
    {
        // g(t) = σ₂² t ⟨c²⟩_t − α is increasing in t (F is concave), g(0) = −α < 0; the residual
        // r(t) = t − α/(σ₂²⟨c²⟩_t) = g(t)/(σ₂²⟨c²⟩_t) has the same sign. Bracket by doubling from t = 1.
        double g(double t) => _cfg.Sigma2Squared * t * Moments(t).MeanC2 - _cfg.Alpha;
        double lo = 0, hi = 1;
        int guard = 0;
        while (g(hi) < 0)
        {
            lo = hi; hi *= 2;
            if (++guard > 200) throw new ConfigException("could not bracket t*: the alignment α may be unreachable for this activation");
        }
        double tStar = RootFinding.Brent(SaddleResidual, lo, hi, 1e-14 * hi);
        var (logMgf, meanC2) = Moments(tStar);
        double residual = Math.Abs(tStar - _cfg.Alpha / (_cfg.Sigma2Squared * meanC2)) / tStar;
        double energy = tStar * _cfg.Alpha - _cfg.N * logMgf;
        double k = NngpK();
        double pStar = 2 * _cfg.Kappa * energy / k;
        return new LdtResult(tStar, residual, energy, k, pStar, logMgf, TailProbability(tStar, 3.0));
    }

    /// <summary>k = σ₂² E[σ(σ₁ z)²] + ⟨y,y⟩: the mean NNGP training error E_{p0}(f − y)² per point (Eq. 21) at large d.</summary>
    public double NngpK() => _cfg.Sigma2Squared * _cfg.Activation.SecondMoment(_cfg.Sigma1Squared) + _cfg.Target.SquaredNorm;

    /// <summary>Tilted probability of |β| &gt; threshold·σ₁/√d at t.</summary>
    public double TailProbability(double t, double threshold)
    {
        double tau = Tau(t);
        double max = double.NegativeInfinity; int last = 0;
        for (int k = 0; ; k++)
        {
            double lw = LogWeight(k, tau);
            if (lw > max) max = lw;
            last = k;
            if (k * Step > 12 && TailBound(k, tau) < max - TailDrop) break;
        }
        double all = 0, tail = 0;
        for (int k = 0; k <= last; k++)
        {
            double w = Math.Exp(LogWeight(k, tau) - max) * (k == 0 ? 1 : 2);
            all += w;
            if (k * Step > threshold) tail += w;
        }
        return tail / all;
    }

    /// <summary>
    /// The tilted density of β ∝ e^{−d S(β;t)/2} (Fig. 2a) as −log density shifted to minimum 0, on a grid of
    /// <paramref name="points"/> values of β in [−betaMax, betaMax].
    /// </summary>
    public IReadOnlyList<(double Beta, double NegLogDensity, double NegLogPrior)> TiltedDensity(double t, double betaMax, int points)
    {
        if (points < 2) throw new ConfigException("the density needs at least 2 points");
        var rows = new List<(double, double, double)>(points);
        var raw = new double[points];
        var prior = new double[points];
        double betas(int i) => -betaMax + 2 * betaMax * i / (points - 1);
        for (int i = 0; i < points; i++)
        {
            double b = betas(i);
            raw[i] = 0.5 * _cfg.D * S(b, t);
            prior[i] = 0.5 * _cfg.D * b * b / _cfg.Sigma1Squared;
        }
        double min = raw.Min(), pmin = prior.Min();
        for (int i = 0; i < points; i++) rows.Add((betas(i), raw[i] - min, prior[i] - pmin));
        return rows;
    }

    /// <summary>
    /// The LDT P* at each d with N = round(widthRatio·d) (Fig. 2b theory); other settings from <paramref name="template"/>.
    /// </summary>
    public static IReadOnlyList<(int D, int N, LdtResult Result)> Curve(LdtConfig template, IReadOnlyList<int> ds, double widthRatio)
    {
        var rows = new List<(int, int, LdtResult)>();
        foreach (int d in ds)
        {
            int n = Math.Max(1, (int)Math.Round(widthRatio * d));
            rows.Add((d, n, new TwoLayerLdt(template with { D = d, N = n }).Solve()));
        }
        return rows;
    }
}
