using FeatureScale.Numerics;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// A one-dimensional order-parameter density p(q) ∝ exp(−scale·S(q)) on [−qMax, qMax] (the reduced actions of
/// 2310.03789, Eq. 13, have scale = d). Landscape scans, minima, and the three averaging methods.
/// </summary>
public sealed class ScalarDensity
{
    private readonly Func<double, double> _action;

    /// <summary>The action per unit prefactor, Ŝ(q).</summary>
    public Func<double, double> Action => _action;
    /// <summary>The large prefactor in front of Ŝ (d for the cubic teacher).</summary>
    public double Scale { get; }
    /// <summary>Half-width of the integration domain.</summary>
    public double QMax { get; }
    /// <summary>Grid points of the landscape scan used to locate minima.</summary>
    public int ScanPoints { get; }

    /// <summary>Creates the density exp(−scale·action(q)) on [−qMax, qMax].</summary>
    public ScalarDensity(Func<double, double> action, double scale, double qMax, int scanPoints = 4001)
    {
        if (!(scale > 0)) throw new ConfigException("the action prefactor must be positive");
        if (!(qMax > 0)) throw new ConfigException("qMax must be positive");
        _action = action; Scale = scale; QMax = qMax; ScanPoints = Math.Max(101, scanPoints | 1);
    }

    /// <summary>The landscape Ŝ(q) on a uniform grid of the given size.</summary>
    public (double[] Q, double[] S) Scan(int points)
    {
        var q = new double[points]; var s = new double[points];
        for (int i = 0; i < points; i++) { q[i] = -QMax + 2 * QMax * i / (points - 1); s[i] = _action(q[i]); }
        return (q, s);
    }

    /// <summary>Local minima of Ŝ (grid scan, then golden-section refinement), with curvature by central
    /// differences and normalised Laplace weights exp(−scale·Ŝ_k)·√(2π/(scale·Ŝ''_k)).</summary>
    public IReadOnlyList<LocalMinimum> Minima()
    {
        var (q, s) = Scan(ScanPoints);
        double h = q[1] - q[0];
        var found = new List<(double X, double F, double F2)>();
        for (int i = 1; i < q.Length - 1; i++)
        {
            if (!(s[i] <= s[i - 1] && s[i] < s[i + 1])) continue;
            double x = Golden(q[i - 1], q[i + 1]);
            double f = _action(x);
            double e = Math.Max(1e-5, 1e-4 * Math.Abs(x));
            double f2 = (_action(x + e) - 2 * f + _action(x - e)) / (e * e);
            found.Add((x, f, f2));
        }
        if (found.Count == 0)
        {
            int i = s[0] < s[^1] ? 0 : s.Length - 1;
            found.Add((q[i], s[i], 1.0 / (h * h)));
        }
        double best = found.Min(m => m.F);
        var logW = found.Select(m => -Scale * (m.F - best) + 0.5 * Math.Log(2 * Math.PI / (Scale * Math.Max(m.F2, 1e-12)))).ToArray();
        double lmax = logW.Max();
        double z = logW.Sum(l => Math.Exp(l - lmax));
        return found.Select((m, k) => new LocalMinimum(m.X, m.F, m.F2, Math.Exp(logW[k] - lmax) / z)).ToList();
    }

    private double Golden(double a, double b)
    {
        const double r = 0.6180339887498949;
        double c = b - r * (b - a), d = a + r * (b - a);
        double fc = _action(c), fd = _action(d);
        for (int it = 0; it < 200 && b - a > 1e-13 * (1 + Math.Abs(a)); it++)
        {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = _action(c); }
            else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = _action(d); }
        }
        return 0.5 * (a + b);
    }

    /// <summary>Averages of the observables by the chosen method.</summary>
    public ScalarAverages Average(IReadOnlyList<Func<double, double>> observables, AveragingMethod method, MonteCarloOptions? mc = null) => method switch
    {
        AveragingMethod.Saddle => SaddleAverage(observables),
        AveragingMethod.Quadrature => QuadratureAverage(observables),
        AveragingMethod.MonteCarlo => MonteCarloAverage(observables, mc ?? new MonteCarloOptions()),
        _ => throw new ConfigException($"unknown averaging method {method}"),
    };

    /// <summary>Gaussian-mixture (saddle-point) averages: each minimum contributes E_{N(q_k, 1/(scale·Ŝ''_k))}[g]
    /// (40-node Gauss–Hermite) with its Laplace weight.</summary>
    public ScalarAverages SaddleAverage(IReadOnlyList<Func<double, double>> observables)
    {
        var minima = Minima();
        var rule = GaussHermite.Normal(40);
        var values = new double[observables.Count];
        foreach (var m in minima)
        {
            if (m.Weight < 1e-300) continue;
            double sd = 1 / Math.Sqrt(Scale * Math.Max(m.Curvature, 1e-12));
            for (int j = 0; j < observables.Count; j++)
            {
                var g = observables[j];
                values[j] += m.Weight * rule.Integrate(z => g(m.Location + sd * z));
            }
        }
        return new ScalarAverages(AveragingMethod.Saddle, values, minima);
    }

    /// <summary>Exact quadrature: composite 8-node Gauss–Legendre on a uniform partition of [−qMax, qMax] fine
    /// enough to resolve the narrowest well (panel ≤ a tenth of the smallest saddle width), weights in log space.</summary>
    public ScalarAverages QuadratureAverage(IReadOnlyList<Func<double, double>> observables)
    {
        var minima = Minima();
        double narrow = minima.Min(m => 1 / Math.Sqrt(Scale * Math.Max(m.Curvature, 1e-12)));
        int panels = (int)Math.Clamp(Math.Ceiling(2 * QMax / (0.1 * narrow)), 400, 40_000);
        var gl = Quadrature.GaussLegendre(8);
        int total = panels * gl.Nodes.Length;
        var x = new double[total]; var lw = new double[total];
        double hp = 2 * QMax / panels;
        double lmax = double.NegativeInfinity;
        for (int p = 0, k = 0; p < panels; p++)
        {
            double a = -QMax + p * hp;
            for (int i = 0; i < gl.Nodes.Length; i++, k++)
            {
                x[k] = a + 0.5 * hp * (gl.Nodes[i] + 1);
                lw[k] = Math.Log(0.5 * hp * gl.Weights[i]) - Scale * _action(x[k]);
                if (lw[k] > lmax) lmax = lw[k];
            }
        }
        double z = 0; var values = new double[observables.Count];
        for (int k = 0; k < total; k++)
        {
            double w = Math.Exp(lw[k] - lmax);
            z += w;
            for (int j = 0; j < observables.Count; j++) values[j] += w * observables[j](x[k]);
        }
        for (int j = 0; j < values.Length; j++) values[j] /= z;
        return new ScalarAverages(AveragingMethod.Quadrature, values, minima);
    }

    /// <summary>
    /// Metropolis–Hastings sampling of exp(−scale·Ŝ): alternating random-walk moves (step = one of the saddle widths,
    /// chosen at random independently of the state) and
    /// independence moves drawn from the saddle Gaussian mixture (so the chain crosses barriers between wells).
    /// Chains are seeded from (seed, chain, "scalar-density-mc"); standard errors from chain-to-chain scatter.
    /// </summary>
    public ScalarAverages MonteCarloAverage(IReadOnlyList<Func<double, double>> observables, MonteCarloOptions mc)
    {
        if (mc.Chains < 2 || mc.Samples < mc.Chains) throw new ConfigException("Monte Carlo needs at least 2 chains and one sample per chain");
        var minima = Minima();
        var comps = minima.Select(m => (Mu: m.Location, Sd: 1.5 / Math.Sqrt(Scale * Math.Max(m.Curvature, 1e-12)), W: Math.Max(m.Weight, 1e-3))).ToArray();
        double wsum = comps.Sum(c => c.W);
        double LogProposal(double q)
        {
            double s = 0;
            foreach (var c in comps) s += c.W / wsum * Math.Exp(-0.5 * Math.Pow((q - c.Mu) / c.Sd, 2)) / (c.Sd * Math.Sqrt(2 * Math.PI));
            return Math.Log(Math.Max(s, 1e-300));
        }
        double LogTarget(double q) => Math.Abs(q) > QMax ? double.NegativeInfinity : -Scale * _action(q);
        int perChain = mc.Samples / mc.Chains;
        var chainMeans = new double[mc.Chains, observables.Count];
        for (int ch = 0; ch < mc.Chains; ch++)
        {
            var rng = RandomStream.For(mc.Seed, (uint)ch, "scalar-density-mc");
            double Draw()
            {
                double u = rng.NextDouble() * wsum, acc = 0;
                foreach (var c in comps) { acc += c.W; if (u <= acc) return c.Mu + c.Sd * rng.NextGaussian(); }
                return comps[^1].Mu + comps[^1].Sd * rng.NextGaussian();
            }
            double q = Draw(), lp = LogTarget(q);
            for (int t = 0; t < mc.BurnIn + perChain; t++)
            {
                double prop, la;
                if ((t & 1) == 0)
                {
                    // step drawn independently of the state (a mixture of symmetric kernels keeps detailed balance)
                    double step = comps[rng.NextInt(comps.Length)].Sd;
                    prop = q + step * rng.NextGaussian();
                    la = LogTarget(prop) - lp;
                }
                else
                {
                    prop = Draw();
                    la = LogTarget(prop) - lp + LogProposal(q) - LogProposal(prop);
                }
                if (Math.Log(rng.NextDouble()) < la) { q = prop; lp = LogTarget(q); }
                if (t >= mc.BurnIn) for (int j = 0; j < observables.Count; j++) chainMeans[ch, j] += observables[j](q) / perChain;
            }
        }
        var values = new double[observables.Count]; var se = new double[observables.Count];
        for (int j = 0; j < observables.Count; j++)
        {
            double m = 0; for (int ch = 0; ch < mc.Chains; ch++) m += chainMeans[ch, j]; m /= mc.Chains;
            double v = 0; for (int ch = 0; ch < mc.Chains; ch++) v += Math.Pow(chainMeans[ch, j] - m, 2);
            values[j] = m; se[j] = Math.Sqrt(v / (mc.Chains - 1) / mc.Chains);
        }
        return new ScalarAverages(AveragingMethod.MonteCarlo, values, minima, se);
    }
}
