using FeatureScale.Numerics;

namespace FeatureScale.Theory.Adaptive;

/// <summary>
/// Linear χ-network on a finite data set. All quantities go through the eigenbasis of K₀⁽¹⁾ = (g_w g_v/d) X Xᵀ, so
/// every solution is a scalar problem in u:
/// <list type="bullet">
/// <item>NNGP: u = 1.</item>
/// <item>Tree level (mean-field adaptive kernel): u − 1 = u (χ/N) t₁ᵀK₀⁽¹⁾t₁, t₁ = (uK₀⁽¹⁾ + κ)⁻¹y; the mean predictor is
/// GPR with kernel uK₀, and the weight covariance is (g_v/d)[I + (u−1) v̂v̂ᵀ], v̂ ∝ Xᵀt̄.</item>
/// <item>Large-N saddle with the standard-scaling trace term: u − 1 = (u/N)[χ t₁ᵀK₀t₁ − tr((uK₀+κ)⁻¹K₀)].</item>
/// <item>Exact: p(u|D) ∝ u^{N/2−1}e^{−Nu/2} N(y; 0, (uK₀⁽¹⁾+κ)/χ), a one-dimensional quadrature at any N and χ.</item>
/// </list>
/// Roots are bracketed on u &gt; 0 (the naive iteration u ← 1/(1 − χh/N) can run to a spurious negative root);
/// <see cref="Anneal"/> follows the tree-level branch along a χ ladder (Algorithm 1 of 2502.03210).
/// </summary>
public sealed class LinearChiNetwork
{
    private readonly double[] _s;       // eigenvalues of K0^(1)
    private readonly double[] _yt;      // Vᵀy
    private readonly double[] _v;       // eigenvectors, n×n row-major (columns)
    private readonly double[]? _kTestV; // (K0^(1)(X*, X) V), m×n
    private readonly double[] _x;
    private readonly double[] _y;

    /// <summary>Training inputs (n×d, row-major), targets and optional test inputs (m×d).</summary>
    public int N { get; }
    /// <summary>Input dimension.</summary>
    public int D { get; }
    /// <summary>Number of test points.</summary>
    public int M { get; }
    /// <summary>Parameters.</summary>
    public LinearChiParameters Parameters { get; }

    /// <summary>Builds the network's kernel eigenbasis.</summary>
    public LinearChiNetwork(double[] x, double[] y, int n, int d, LinearChiParameters p, double[]? xTest = null)
    {
        if (x.Length != n * d || y.Length != n) throw new ConfigException("linear network: X must be n×d and y of length n");
        Parameters = p.Validated(); N = n; D = d; _x = x; _y = y;
        double scale = p.Gw * p.Gv / d;
        var k = new double[n * n];
        LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, n, n, d, scale, x, d, x, d, 0, k, n);
        _s = new double[n];
        LinearAlgebra.Provider.SymmetricEigen(k, n, _s);
        for (int i = 0; i < n; i++) _s[i] = Math.Max(_s[i], 0);
        _v = k;
        _yt = new double[n];
        for (int j = 0; j < n; j++) { double s = 0; for (int i = 0; i < n; i++) s += _v[i * n + j] * y[i]; _yt[j] = s; }
        if (xTest is not null)
        {
            M = xTest.Length / d;
            var kt = new double[M * n];
            LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.Yes, M, n, d, scale, xTest, d, x, d, 0, kt, n);
            _kTestV = new double[M * n];
            LinearAlgebra.Provider.Gemm(Transpose.No, Transpose.No, M, n, n, 1, kt, n, _v, n, 0, _kTestV, n);
        }
    }

    /// <summary>A copy at another χ (same data).</summary>
    public LinearChiNetwork WithChi(double chi) => new(_x, _y, N, D, Parameters with { Chi = chi }, TestInputs) { TestInputs = TestInputs };
    private double[]? TestInputs { get; init; }

    /// <summary>Creates with test inputs remembered for <see cref="WithChi"/>.</summary>
    public static LinearChiNetwork Create(double[] x, double[] y, int n, int d, LinearChiParameters p, double[]? xTest = null) =>
        new(x, y, n, d, p, xTest) { TestInputs = xTest };

    /// <summary>h(u) = t₁ᵀK₀⁽¹⁾t₁ with t₁ = (uK₀⁽¹⁾ + κ)⁻¹y.</summary>
    public double H(double u)
    {
        double h = 0, k = Parameters.Kappa;
        for (int i = 0; i < N; i++) { double den = u * _s[i] + k; h += _yt[i] * _yt[i] * _s[i] / (den * den); }
        return h;
    }

    /// <summary>tr((uK₀⁽¹⁾ + κ)⁻¹K₀⁽¹⁾).</summary>
    public double Trace(double u) { double t = 0; for (int i = 0; i < N; i++) t += _s[i] / (u * _s[i] + Parameters.Kappa); return t; }

    /// <summary>Tree-level residual u − 1 − u(χ/N)h(u).</summary>
    public double TreeResidual(double u) => u - 1 - u * Parameters.Chi / Parameters.Width * H(u);

    /// <summary>Large-N saddle residual u − 1 − (u/N)[χh(u) − tr(...)].</summary>
    public double SaddleResidual(double u) => u - 1 - u / Parameters.Width * (Parameters.Chi * H(u) - Trace(u));

    /// <summary>All positive roots of a residual, scanned on a log grid in [1e-6, 1e6] and refined by Brent.</summary>
    public static IReadOnlyList<double> PositiveRoots(Func<double, double> f, int scan = 400)
    {
        var roots = new List<double>();
        double prevU = 1e-6, prevF = f(prevU);
        for (int i = 1; i <= scan; i++)
        {
            double u = Math.Pow(10, -6 + 12.0 * i / scan), fu = f(u);
            if (Math.Sign(fu) != Math.Sign(prevF)) roots.Add(RootFinding.Brent(f, prevU, u, 1e-15));
            prevU = u; prevF = fu;
        }
        return roots;
    }

    /// <summary>Tree-level solution: the positive root nearest to u = 1 (NNGP) unless a start is given.</summary>
    public LinearChiSolution TreeLevel(double? near = null)
    {
        var roots = PositiveRoots(TreeResidual);
        if (roots.Count == 0) throw new RootNotFoundException("no positive tree-level root");
        double target = near ?? 1;
        return Predict("tree-level", roots.OrderBy(r => Math.Abs(Math.Log(r / target))).First());
    }

    /// <summary>Large-N saddle (with the standard-scaling trace term).</summary>
    public LinearChiSolution Saddle(double? near = null)
    {
        var roots = PositiveRoots(SaddleResidual);
        if (roots.Count == 0) throw new RootNotFoundException("no positive saddle root");
        double target = near ?? 1;
        return Predict("large-N saddle", roots.OrderBy(r => Math.Abs(Math.Log(r / target))).First());
    }

    /// <summary>NNGP (u = 1).</summary>
    public LinearChiSolution Nngp() => Predict("NNGP", 1);

    /// <summary>The naive fixed-point iteration u ← 1/(1 − (χ/N)h(u)) from u = 1: returns the last iterate (which
    /// may be negative — the spurious root) and whether it converged.</summary>
    public (double U, bool Converged) NaiveIteration(int maxIterations = 500)
    {
        double u = 1;
        for (int i = 0; i < maxIterations; i++)
        {
            double un = 1 / (1 - Parameters.Chi / Parameters.Width * H(u));
            if (!double.IsFinite(un)) return (un, false);
            if (Math.Abs(un - u) < 1e-13 * Math.Max(1, Math.Abs(u))) return (un, true);
            u = un;
        }
        return (u, false);
    }

    /// <summary>Algorithm 1 of 2502.03210: start at the NNGP (u = 1, χ = chi0) and follow the tree-level root along a
    /// geometric χ ladder, each step bracketed on u &gt; 0 around the previous solution.</summary>
    public IReadOnlyList<LinearChiSolution> Anneal(double chi0, double chi1, int steps)
    {
        var path = new List<LinearChiSolution>();
        double u = 1;
        for (int i = 0; i <= steps; i++)
        {
            double chi = chi0 * Math.Pow(chi1 / chi0, (double)i / steps);
            var net = WithChi(chi);
            double lo = u, hi = u;
            double f0 = net.TreeResidual(u);
            int guard = 0;
            while (Math.Sign(net.TreeResidual(lo)) == Math.Sign(f0) && Math.Sign(net.TreeResidual(hi)) == Math.Sign(f0) && guard++ < 200)
            { lo /= 1.05; hi *= 1.05; }
            double a = Math.Sign(net.TreeResidual(lo)) != Math.Sign(f0) ? lo : u, b = a == lo ? u : hi;
            if (f0 == 0) a = b = u;
            u = a == b ? u : RootFinding.Brent(net.TreeResidual, Math.Min(a, b), Math.Max(a, b), 1e-15);
            path.Add(net.Predict("tree-level (annealed)", u));
        }
        return path;
    }

    /// <summary>GPR with kernel uK₀ at this χ: train and test means and the train discrepancy y − f̄.</summary>
    public LinearChiSolution Predict(string method, double u)
    {
        var coef = new double[N];
        for (int i = 0; i < N; i++) coef[i] = u * _yt[i] / (u * _s[i] + Parameters.Kappa);
        return Build(method, u, coef, i => _s[i] * coef[i]);
    }

    private LinearChiSolution Build(string method, double u, double[] coef, Func<int, double> trainEig)
    {
        var train = new double[N];
        for (int r = 0; r < N; r++) { double s = 0; for (int j = 0; j < N; j++) s += _v[r * N + j] * trainEig(j); train[r] = s; }
        var test = new double[M];
        if (_kTestV is not null)
            for (int r = 0; r < M; r++) { double s = 0; for (int j = 0; j < N; j++) s += _kTestV[r * N + j] * coef[j]; test[r] = s; }
        var disc = new double[N];
        for (int r = 0; r < N; r++) disc[r] = _y[r] - train[r];
        return new LinearChiSolution(method, Parameters.Chi, u, train, test, disc);
    }

    /// <summary>log p(u|D) up to a constant: (N/2−1) log u − Nu/2 − (χ/2) yᵀ(uK+κ)⁻¹y − ½ Σ log(u s_i + κ).</summary>
    public double LogPosteriorU(double u)
    {
        double nw = Parameters.Width, chi = Parameters.Chi, k = Parameters.Kappa;
        double quad = 0, logdet = 0;
        for (int i = 0; i < N; i++) { double den = u * _s[i] + k; quad += _yt[i] * _yt[i] / den; logdet += Math.Log(den); }
        return (nw / 2 - 1) * Math.Log(u) - nw * u / 2 - 0.5 * chi * quad - 0.5 * logdet;
    }

    /// <summary>
    /// Exact posterior mean by 1-D quadrature over s = log u (composite 8-node Gauss–Legendre on ±W around the mode,
    /// W from the curvature, log-space weights): E[u], and f̄ = Σ_i E[u/(u s_i + κ)] (Vᵀy)_i (train and test).
    /// </summary>
    public LinearChiSolution Exact(int panels = 400)
    {
        double L(double s) => LogPosteriorU(Math.Exp(s)) + s; // density in s
        double lo = -30, hi = 15, mode = 0, best = double.NegativeInfinity;
        for (int i = 0; i <= 2000; i++) { double s = lo + (hi - lo) * i / 2000; double l = L(s); if (l > best) { best = l; mode = s; } }
        double hstep = 1e-3;
        double curv = -(L(mode + hstep) - 2 * L(mode) + L(mode - hstep)) / (hstep * hstep);
        double sd = curv > 0 ? 1 / Math.Sqrt(curv) : 1;
        double a = mode - 40 * sd, b = mode + 40 * sd;
        var gl = Quadrature.GaussLegendre(8);
        double h = (b - a) / panels;
        var ss = new List<double>(); var lw = new List<double>();
        for (int p = 0; p < panels; p++)
            for (int i = 0; i < 8; i++) { double s = a + p * h + 0.5 * h * (gl.Nodes[i] + 1); ss.Add(s); lw.Add(Math.Log(0.5 * h * gl.Weights[i]) + L(s)); }
        double lmax = lw.Max(), z = 0, eu = 0;
        var ecoef = new double[N];
        for (int k = 0; k < ss.Count; k++)
        {
            double w = Math.Exp(lw[k] - lmax), u = Math.Exp(ss[k]);
            z += w; eu += w * u;
            for (int i = 0; i < N; i++) ecoef[i] += w * u / (u * _s[i] + Parameters.Kappa);
        }
        var coef = new double[N];
        for (int i = 0; i < N; i++) coef[i] = ecoef[i] / z * _yt[i];
        return Build("exact u-quadrature", eu / z, coef, i => _s[i] * coef[i]);
    }

    /// <summary>
    /// Tree-level weight covariance Σ = [(d/g_v) I − (σ_a²/N) Xᵀt̄t̄ᵀX]⁻¹ with t̄ = (uK₀ + σ²)⁻¹y at this χ, built
    /// explicitly (d×d) — its spectrum is u·g_v/d once and g_v/d (d−1) times.
    /// </summary>
    public double[] WeightCovariance(double u)
    {
        var p = Parameters;
        // t̄ at scale χ: χ (uK0^(1) + κ)^{-1} y
        var tbar = new double[N];
        for (int r = 0; r < N; r++) { double s = 0; for (int j = 0; j < N; j++) s += _v[r * N + j] * _yt[j] / (u * _s[j] + p.Kappa); tbar[r] = p.Chi * s; }
        var xt = new double[D];
        for (int c = 0; c < D; c++) { double s = 0; for (int r = 0; r < N; r++) s += _x[r * D + c] * tbar[r]; xt[c] = s; }
        var prec = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++) prec[i * D + j] = (i == j ? D / p.Gv : 0) - p.SigmaA2 / p.Width * xt[i] * xt[j];
        // invert via Cholesky (throws if the precision is not positive definite: the action is then unbounded)
        LinearAlgebra.Provider.CholeskyFactor(prec, D);
        var inv = new double[D * D];
        for (int i = 0; i < D; i++) inv[i * D + i] = 1;
        LinearAlgebra.Provider.CholeskySolve(prec, D, inv, D);
        return inv;
    }
}
