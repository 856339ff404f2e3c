using FeatureScale.Numerics;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// Finite-data adaptive-kernel (mean-field decoupled) equations of 2310.03789 Eqs. 7–10 in the general form of the
/// digest (§A.2.1, §B.2 ii): per-neuron action
/// S[w] = d|w|²/(2g_v) − (σ_a²/2N)[(t̄ᵀφ_w)² − ν φ_wᵀ(Q+σ²)⁻¹φ_w], Q = σ_a²⟨φ_wφ_wᵀ⟩, t̄ = (Q+σ²)⁻¹y, f̄ = Q t̄,
/// with the "variance" term switched by ν ∈ {0, 1}. For a linear activation the per-neuron density is Gaussian and
/// the average is exact: Σ⁻¹ = (d/g_v)I − (σ_a²/N)Xᵀ[t̄t̄ᵀ − ν(Q+σ²)⁻¹]X, Q = σ_a² XΣXᵀ. Solved by damped iteration
/// with χ-annealing (start at the NNGP at χ₀, follow the branch up a geometric χ ladder).
/// </summary>
public static class AdaptiveKernelSolver
{
    /// <summary>Solves the linear-activation equations on data X (n×d), y, for parameters p (χ the final scale).</summary>
    public static AdaptiveKernelResult SolveLinear(double[] x, double[] y, int n, int d, LinearChiParameters p, double variance = 0,
        double chi0 = 1, int ladder = 8, double damping = 0.5, int maxIterations = 20_000, double tol = 1e-15)
    {
        var sigma = new double[d * d];
        for (int i = 0; i < d; i++) sigma[i * d + i] = p.Gv / d;
        AdaptiveKernelResult? last = null;
        for (int step = 0; step <= ladder; step++)
        {
            double chi = ladder == 0 ? p.Chi : Math.Min(chi0, p.Chi) * Math.Pow(p.Chi / Math.Min(chi0, p.Chi), (double)step / ladder);
            var q = p with { Chi = chi };
            last = Iterate(x, y, n, d, q, variance, sigma, damping, maxIterations, tol);
            Array.Copy(last.WeightCovariance, sigma, sigma.Length);
        }
        return last!;

        static AdaptiveKernelResult Iterate(double[] x, double[] y, int n, int d, LinearChiParameters p, double nu, double[] sigma0,
            double damping, int maxIt, double tol)
        {
            var la = LinearAlgebra.Provider;
            var sigma = (double[])sigma0.Clone();
            var xs = new double[n * d]; var kq = new double[n * n]; var chol = new double[n * n];
            var tbar = new double[n]; var inv = new double[n * n]; var xt = new double[d];
            var prec = new double[d * d]; var next = new double[d * d];
            // Q = σ_a² X Σ Xᵀ, its Cholesky factor with σ² on the diagonal, and t̄ = (Q + σ² I)⁻¹ y.
            void KernelAndDiscrepancy()
            {
                la.Gemm(Transpose.No, Transpose.No, n, d, d, 1, x, d, sigma, d, 0, xs, d);
                la.Gemm(Transpose.No, Transpose.Yes, n, n, d, p.SigmaA2, xs, d, x, d, 0, kq, n);
                Array.Copy(kq, chol, kq.Length);
                for (int i = 0; i < n; i++) chol[i * n + i] += p.Sigma2;
                la.CholeskyFactor(chol, n);
                Array.Copy(y, tbar, n);
                la.CholeskySolve(chol, n, tbar, 1);
            }
            double change = double.PositiveInfinity; int it = 0;
            for (; it < maxIt; it++)
            {
                KernelAndDiscrepancy();
                for (int c = 0; c < d; c++) { double s = 0; for (int r = 0; r < n; r++) s += x[r * d + c] * tbar[r]; xt[c] = s; }
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) prec[i * d + j] = (i == j ? d / p.Gv : 0) - p.SigmaA2 / p.Width * xt[i] * xt[j];
                if (nu != 0)
                {
                    Array.Clear(inv); for (int i = 0; i < n; i++) inv[i * n + i] = 1;
                    la.CholeskySolve(chol, n, inv, n);
                    var tmp = new double[n * d]; var xax = new double[d * d];
                    la.Gemm(Transpose.No, Transpose.No, n, d, n, 1, inv, n, x, d, 0, tmp, d);
                    la.Gemm(Transpose.Yes, Transpose.No, d, d, n, 1, x, d, tmp, d, 0, xax, d);
                    for (int k = 0; k < d * d; k++) prec[k] += nu * p.SigmaA2 / p.Width * xax[k];
                }
                la.CholeskyFactor(prec, d); // throws NotPositiveDefinite if the per-neuron action is unbounded
                Array.Clear(next); for (int i = 0; i < d; i++) next[i * d + i] = 1;
                la.CholeskySolve(prec, d, next, d);
                change = 0;
                for (int k = 0; k < d * d; k++)
                {
                    double v = (1 - damping) * next[k] + damping * sigma[k];
                    change = Math.Max(change, Math.Abs(v - sigma[k]));
                    sigma[k] = v;
                }
                if (change < tol * (p.Gv / d)) { it++; break; }
            }
            KernelAndDiscrepancy(); // at the converged Σ
            var mean = new double[n];
            for (int i = 0; i < n; i++) mean[i] = y[i] - p.Sigma2 * tbar[i];
            return new AdaptiveKernelResult(nu == 0 ? "exact Gaussian (linear), tree level" : "exact Gaussian (linear), with variance term",
                p.Chi, kq, tbar, mean, sigma, it, change, change < tol * (p.Gv / d));
        }
    }
}
