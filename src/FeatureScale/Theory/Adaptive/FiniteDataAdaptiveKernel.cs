using FeatureScale.Numerics;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// Finite-data adaptive-kernel solver for any activation (2310.03789 Eqs. 7–10, general form): per-neuron action
/// S[w] = d|w|²/(2g_v) − (σ_a²/2N)[(t̄ᵀφ_w)² − ν φ_wᵀ(Q+σ²)⁻¹φ_w], average kernel Q = σ_a²⟨φ_wφ_wᵀ⟩, t̄ = (Q+σ²)⁻¹y.
/// Averages by Monte Carlo (MALA chains on the d-dimensional single-neuron density) or by Gaussian saddle points
/// (minima of S by gradient descent from several starts, Hessians by finite differences, Laplace weights; Gaussian
/// expectations of φφᵀ by a fixed set of draws). Exact quadrature in an order parameter does not exist for generic
/// finite data; for a linear activation see <see cref="AdaptiveKernelSolver.SolveLinear"/> (exact Gaussian).
/// The fixed point is iterated with damping on Q (Monte Carlo: averaged over the last half of the iterations).
/// </summary>
public sealed class FiniteDataAdaptiveKernel(FiniteDataProblem problem)
{
    /// <summary>The problem.</summary>
    public FiniteDataProblem Problem { get; } = problem;
    private int n => Problem.Samples;
    private int d => Problem.Dimension;

    private double Phi(double h) => Problem.Activation.Value(h);

    private double DPhi(double h) => Problem.Activation.Derivative(h);

    /// <summary>Action and gradient at w, given t̄ and A = (Q+σ²)⁻¹ (A unused when ν = 0).</summary>
    public double ActionAndGradient(ReadOnlySpan<double> w, double[] tbar, double[]? a, Span<double> grad)
    {
        var p = Problem;
        Span<double> phi = stackalloc double[n], dphi = stackalloc double[n], aphi = stackalloc double[n];
        double tphi = 0, w2 = 0;
        for (int mu = 0; mu < n; mu++)
        {
            double h = 0; for (int k = 0; k < d; k++) h += p.X[mu * d + k] * w[k];
            phi[mu] = Phi(h); dphi[mu] = DPhi(h); tphi += tbar[mu] * phi[mu];
        }
        double quad = 0;
        if (p.Variance != 0 && a is not null)
            for (int mu = 0; mu < n; mu++) { double s = 0; for (int nu = 0; nu < n; nu++) s += a[mu * n + nu] * phi[nu]; aphi[mu] = s; quad += phi[mu] * s; }
        for (int k = 0; k < d; k++) w2 += w[k] * w[k];
        double c = p.SigmaA2 / p.Width;
        double s0 = d * w2 / (2 * p.Gv) - c / 2 * (tphi * tphi - p.Variance * quad);
        for (int k = 0; k < d; k++)
        {
            double g = d * w[k] / p.Gv, acc = 0;
            for (int mu = 0; mu < n; mu++)
            {
                double coef = tphi * tbar[mu] * dphi[mu];
                if (p.Variance != 0 && a is not null) coef -= p.Variance * aphi[mu] * dphi[mu];
                acc += coef * p.X[mu * d + k];
            }
            grad[k] = g - c * acc;
        }
        return s0;
    }

    private (double[] TBar, double[] A) Gpr(double[] q)
    {
        var la = LinearAlgebra.Provider;
        var chol = (double[])q.Clone();
        for (int i = 0; i < n; i++) chol[i * n + i] += Problem.Sigma2;
        la.CholeskyFactor(chol, n);
        var t = (double[])Problem.Y.Clone();
        la.CholeskySolve(chol, n, t, 1);
        var a = new double[n * n]; for (int i = 0; i < n; i++) a[i * n + i] = 1;
        la.CholeskySolve(chol, n, a, n);
        return (t, a);
    }

    /// <summary>NNGP kernel estimate σ_a²⟨φφᵀ⟩ under the prior w ~ N(0, g_v/d) by a fixed set of prior draws.</summary>
    public double[] PriorKernel(int draws = 20_000, ulong seed = 1)
    {
        var rng = RandomStream.For(seed, 0, "adaptive-prior-kernel");
        var w = new double[d]; var phi = new double[n]; var q = new double[n * n];
        double sd = Math.Sqrt(Problem.Gv / d);
        for (int s = 0; s < draws; s++)
        {
            rng.FillGaussian(w, 0, sd);
            Features(w, phi);
            Accumulate(q, phi, Problem.SigmaA2 / draws);
        }
        return q;
    }

    private void Features(ReadOnlySpan<double> w, double[] phi)
    {
        for (int mu = 0; mu < n; mu++) { double h = 0; for (int k = 0; k < d; k++) h += Problem.X[mu * d + k] * w[k]; phi[mu] = Phi(h); }
    }

    private void Accumulate(double[] q, double[] phi, double scale)
    {
        for (int i = 0; i < n; i++) { double s = scale * phi[i]; for (int j = 0; j < n; j++) q[i * n + j] += s * phi[j]; }
    }

    /// <summary>Monte-Carlo kernel: MALA chains (step adapted in burn-in to ~60% acceptance) on exp(−S[w]).</summary>
    public double[] MonteCarloKernel(double[] tbar, double[] a, MonteCarloOptions mc, int iteration)
    {
        var q = new double[n * n];
        int per = Math.Max(1, mc.Samples / mc.Chains);
        var phi = new double[n];
        for (int ch = 0; ch < mc.Chains; ch++)
        {
            var rng = RandomStream.For(mc.Seed, (uint)ch, $"adaptive-mala-{iteration}");
            var w = new double[d]; rng.FillGaussian(w, 0, Math.Sqrt(Problem.Gv / d));
            var g = new double[d]; var wp = new double[d]; var gp = new double[d];
            double s = ActionAndGradient(w, tbar, a, g);
            double eps = 0.5 * Math.Sqrt(Problem.Gv / d);
            int accepted = 0;
            for (int t = 0; t < mc.BurnIn + per; t++)
            {
                for (int k = 0; k < d; k++) wp[k] = w[k] - 0.5 * eps * eps * g[k] + eps * rng.NextGaussian();
                double sp = ActionAndGradient(wp, tbar, a, gp);
                double fwd = 0, bwd = 0;
                for (int k = 0; k < d; k++)
                {
                    double r1 = wp[k] - w[k] + 0.5 * eps * eps * g[k]; fwd += r1 * r1;
                    double r2 = w[k] - wp[k] + 0.5 * eps * eps * gp[k]; bwd += r2 * r2;
                }
                double logA = -sp + s - (bwd - fwd) / (2 * eps * eps);
                bool acc = Math.Log(rng.NextDouble()) < logA;
                if (acc) { (w, wp) = (wp, w); (g, gp) = (gp, g); s = sp; accepted++; }
                if (t < mc.BurnIn && (t + 1) % 50 == 0)
                {
                    double rate = accepted / 50.0; accepted = 0;
                    eps *= rate > 0.6 ? 1.2 : 0.8;
                }
                if (t >= mc.BurnIn) { Features(w, phi); Accumulate(q, phi, Problem.SigmaA2 / (per * mc.Chains)); }
            }
        }
        return q;
    }

    private double[] Hessian(double[] w, double[] tbar, double[] a)
    {
        var h = new double[d * d]; var gpl = new double[d]; var gmi = new double[d];
        double e = 1e-5 * Math.Max(1, Math.Sqrt(w.Sum(z => z * z)));
        for (int j = 0; j < d; j++)
        {
            var wpj = (double[])w.Clone(); wpj[j] += e; ActionAndGradient(wpj, tbar, a, gpl);
            wpj[j] -= 2 * e; ActionAndGradient(wpj, tbar, a, gmi);
            for (int i = 0; i < d; i++) h[i * d + j] = (gpl[i] - gmi[i]) / (2 * e);
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) { double m = 0.5 * (h[i * d + j] + h[j * d + i]); h[i * d + j] = m; h[j * d + i] = m; }
        return h;
    }

    /// <summary>Local minima of S by damped Newton (gradient step where the Hessian is not positive definite,
    /// backtracking line search) from several starts (0, ±r·v̂ with v̂ ∝ Xᵀt̄), deduplicated; Hessians by central
    /// differences of the analytic gradient.</summary>
    public List<(double[] W, double S, double[] Hessian)> Minima(double[] tbar, double[] a)
    {
        var p = Problem; var la = LinearAlgebra.Provider;
        var v = new double[d];
        for (int k = 0; k < d; k++) { double s = 0; for (int mu = 0; mu < n; mu++) s += p.X[mu * d + k] * tbar[mu]; v[k] = s; }
        double vn = Math.Sqrt(v.Sum(z => z * z)); if (vn > 0) for (int k = 0; k < d; k++) v[k] /= vn;
        var starts = new List<double[]> { new double[d] };
        foreach (double r in new[] { 0.3, 1.0, 2.0 }) foreach (int sg in new[] { 1, -1 }) starts.Add(v.Select(z => sg * r * z).ToArray());
        var found = new List<(double[] W, double S, double[] H)>();
        var g = new double[d]; var wn = new double[d]; var gn = new double[d];
        foreach (var start in starts)
        {
            var w = (double[])start.Clone();
            double s = ActionAndGradient(w, tbar, a, g);
            bool ok = true;
            for (int it = 0; it < 200; it++)
            {
                double gg = g.Sum(z => z * z);
                if (gg < 1e-24 * (1 + d)) break;
                var h = Hessian(w, tbar, a);
                var dir = (double[])g.Clone();
                try { la.CholeskyFactor(h, d); la.CholeskySolve(h, d, dir, 1); }
                catch (Exception) { for (int k = 0; k < d; k++) dir[k] = g[k] * p.Gv / d; }
                double slope = dir.Zip(g).Sum(z => z.First * z.Second);
                if (!(slope > 0)) { for (int k = 0; k < d; k++) dir[k] = g[k] * p.Gv / d; slope = gg * p.Gv / d; }
                double step = 1; bool moved = false;
                for (int ls = 0; ls < 60; ls++, step *= 0.5)
                {
                    for (int k = 0; k < d; k++) wn[k] = w[k] - step * dir[k];
                    double sn = ActionAndGradient(wn, tbar, a, gn);
                    if (sn <= s - 1e-4 * step * slope) { Array.Copy(wn, w, d); Array.Copy(gn, g, d); s = sn; moved = true; break; }
                }
                if (!moved) break;
                if (w.Sum(z => z * z) > 1e6) { ok = false; break; } // runaway: action unbounded along this start
            }
            if (!ok) continue;
            if (found.Any(f => Math.Sqrt(f.W.Zip(w).Sum(z => (z.First - z.Second) * (z.First - z.Second))) < 1e-4 * (1 + Math.Sqrt(w.Sum(z => z * z))))) continue;
            found.Add((w, s, Hessian(w, tbar, a)));
        }
        return found;
    }

    /// <summary>Gaussian-saddle kernel: Laplace-weighted mixture of N(w_k, H_k⁻¹). Under each Gaussian the
    /// pre-activations are jointly Gaussian (mean X w_k, covariance X H_k⁻¹ Xᵀ), so E[φ(h_μ)φ(h_ν)] is a 2-D
    /// Gauss–Hermite integral per pair (exact for linear and square activations).</summary>
    public (double[] Q, List<(double[] Location, double Action, double Weight)> Minima) SaddleKernel(double[] tbar, double[] a, int nodes = 24)
    {
        var la = LinearAlgebra.Provider;
        var minima = Minima(tbar, a);
        var logw = new double[minima.Count]; var covs = new List<double[]?>();
        for (int k = 0; k < minima.Count; k++)
        {
            var l = (double[])minima[k].Hessian.Clone();
            try { la.CholeskyFactor(l, d); }
            catch (Exception) { covs.Add(null); logw[k] = double.NegativeInfinity; continue; }
            double logdet = 0; for (int i = 0; i < d; i++) logdet += 2 * Math.Log(l[i * d + i]);
            var inv = new double[d * d]; for (int i = 0; i < d; i++) inv[i * d + i] = 1;
            la.CholeskySolve(l, d, inv, d);
            covs.Add(inv);
            logw[k] = -minima[k].S - 0.5 * logdet;
        }
        double lmax = logw.Max();
        var wts = logw.Select(x => Math.Exp(x - lmax)).ToArray(); double z = wts.Sum();
        var q = new double[n * n];
        var xc = new double[n * d]; var c = new double[n * n]; var m = new double[n];
        for (int k = 0; k < minima.Count; k++)
        {
            if (covs[k] is not double[] cov || wts[k] / z < 1e-12) continue;
            la.Gemm(Transpose.No, Transpose.No, n, d, d, 1, Problem.X, d, cov, d, 0, xc, d);
            la.Gemm(Transpose.No, Transpose.Yes, n, n, d, 1, xc, d, Problem.X, d, 0, c, n);
            for (int mu = 0; mu < n; mu++) { double h = 0; for (int j = 0; j < d; j++) h += Problem.X[mu * d + j] * minima[k].W[j]; m[mu] = h; }
            double wk = Problem.SigmaA2 * wts[k] / z;
            for (int mu = 0; mu < n; mu++)
                for (int nu = 0; nu <= mu; nu++)
                {
                    double m1 = m[mu], m2 = m[nu];
                    double e = GaussHermite.Expectation2D((u, v) => Phi(m1 + u) * Phi(m2 + v), c[mu * n + mu], c[nu * n + nu], c[mu * n + nu], nodes);
                    q[mu * n + nu] += wk * e; if (nu != mu) q[nu * n + mu] += wk * e;
                }
        }
        return (q, minima.Select((mm, k) => (mm.W, mm.S, wts[k] / z)).ToList());
    }

    /// <summary>Solves the fixed point from the NNGP kernel with damping η (Monte Carlo: Polyak average of the last
    /// half of the iterates).</summary>
    /// <remarks>annealFactor F &gt; 1 runs a ladder first: (σ_a², σ²) scaled by F^{1−i/steps}, i.e. from χ/F up to the
    /// target scale χ (Algorithm 1 of 2502.03210), each stage started from the previous kernel.</remarks>
    public FiniteDataSolution Solve(AveragingMethod method, int iterations = 40, double damping = 0.5, MonteCarloOptions? mc = null,
        double annealFactor = 1, int annealSteps = 0)
    {
        if (annealFactor > 1 && annealSteps > 0)
        {
            double[]? q0 = null; FiniteDataSolution? last = null;
            for (int i = 0; i <= annealSteps; i++)
            {
                double f = Math.Pow(annealFactor, 1 - (double)i / annealSteps);
                var stage = new FiniteDataAdaptiveKernel(Problem with { SigmaA2 = Problem.SigmaA2 * f, Sigma2 = Problem.Sigma2 * f });
                last = stage.SolveFrom(method, q0, iterations, damping, mc);
                double fNext = Math.Pow(annealFactor, 1 - (double)(i + 1) / annealSteps);
                q0 = last.Kernel.Select(z => z * fNext / f).ToArray(); // Q ∝ σ_a²: rescale to the next stage
            }
            return last!;
        }
        return SolveFrom(method, null, iterations, damping, mc);
    }

    private FiniteDataSolution SolveFrom(AveragingMethod method, double[]? start, int iterations, double damping, MonteCarloOptions? mc)
    {
        if (method == AveragingMethod.Quadrature)
            throw new ConfigException("exact quadrature needs an order parameter (EK limit) or a linear activation (AdaptiveKernelSolver.SolveLinear)");
        mc ??= new MonteCarloOptions(Samples: 8000, Chains: 4, BurnIn: 500);
        var q = start is null ? PriorKernel(seed: mc.Seed) : (double[])start.Clone();
        var avg = new double[n * n]; int counted = 0; double change = 0;
        List<(double[], double, double)> minima = [];
        for (int it = 0; it < iterations; it++)
        {
            var (t, a) = Gpr(q);
            double[] qn;
            if (method == AveragingMethod.MonteCarlo) qn = MonteCarloKernel(t, a, mc, it);
            else
            {
                var r = SaddleKernel(t, a); qn = r.Q; minima = r.Minima;
                if (r.Minima.All(mm => !(mm.Weight > 0)))
                    throw new ConfigException("per-neuron action has no positive-definite minimum (unbounded): anneal in chi (annealFactor > 1)");
            }
            change = 0;
            for (int i = 0; i < q.Length; i++) { double v = (1 - damping) * qn[i] + damping * q[i]; change = Math.Max(change, Math.Abs(v - q[i])); q[i] = v; }
            if (method == AveragingMethod.MonteCarlo && it >= iterations / 2) { for (int i = 0; i < q.Length; i++) avg[i] += q[i]; counted++; }
        }
        if (counted > 0) for (int i = 0; i < q.Length; i++) q[i] = avg[i] / counted;
        var (tb, _) = Gpr(q);
        var mean = new double[n];
        for (int i = 0; i < n; i++) mean[i] = Problem.Y[i] - Problem.Sigma2 * tb[i];
        return new FiniteDataSolution(method, q, tb, mean, iterations, change, minima);
    }
}
