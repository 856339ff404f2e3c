using FeatureScale.Numerics;
using FeatureScale.Activations;
using FeatureScale.Theory.Adaptive;
using Xunit.Abstractions;

namespace FeatureScale.Tests.Theory;

/// <summary>Cubic teacher (2310.03789 §3.1) and the generic order-parameter averaging.</summary>
public class AdaptiveCubicTests(ITestOutputHelper output)
{
    private static readonly CubicTeacherParameters Fig2 = new();

    [Fact]
    public void InteractionIsThePapersValueAndScaleInvariant()
    {
        double u = CubicTeacher.Interaction(3000, 700, 150, 8.0 / 700, 0.18);
        Assert.Equal(30.2, Math.Round(u, 1));
        foreach (var (a, b) in new[] { (2.0, 2.0), (8.0, 0.125), (3.0, 5.0) })
        {
            var s = ScalingFamily.Polynomial(Fig2, a, b);
            Assert.Equal(Fig2.Interaction, s.Interaction, 10);
            Assert.Equal(Fig2.Sigma2 * Fig2.Width / Fig2.Samples, s.Sigma2 * s.Width / s.Samples, 12); // second invariant σ²N/n
        }
        // The thermodynamic-limit critical point depends only on the invariants: u_c is unchanged, σ²_c scales by α/β.
        var c0 = new CubicTeacher(Fig2).CriticalPoint();
        var c1 = new CubicTeacher(ScalingFamily.Polynomial(Fig2, 4, 2)).CriticalPoint(0.02 * 2, 2.0 * 2);
        Assert.Equal(c0.UC, c1.UC, 6);
        Assert.Equal(c0.Sigma2C * 4 / 2, c1.Sigma2C, 8);
    }

    [Theory]
    [InlineData(0.3, 0.5)]
    [InlineData(1.1, 0.6)]
    [InlineData(-0.7, 0.8)]
    public void ProjectionsSquaredGiveTheCorrectedKernelMatrix(double q, double r)
    {
        // Independent check by 2-D Gauss–Hermite: z = w*·x, w·x = q z + r ζ with |w|² = q² + r².
        double proj1 = GaussHermite.Expectation2D((z, h) => z * ElementwiseErf(h), 1, q * q + r * r, q, 80);
        double proj3 = GaussHermite.Expectation2D((z, h) => (z * z * z - 3 * z) / Math.Sqrt(6) * ElementwiseErf(h), 1, q * q + r * r, q, 80);
        double d = 1 + 2 * (q * q + r * r);
        var model = new CubicTeacher(Fig2 with { SigmaW2 = r * r });
        var g = model.KernelIntegrands();
        Assert.Equal(proj1 * proj1, g[0](q), 10);          // 4q²/(πD), not the printed 2q²/(πD)
        Assert.Equal(proj1 * proj3, g[1](q), 10);
        Assert.Equal(proj3 * proj3, g[2](q), 10);
        Assert.Equal(2 * q / Math.Sqrt(Math.PI * d), proj1, 10);
    }

    private static double ElementwiseErf(double x) => Elementwise.ErfScalar(x);

    [Fact]
    public void CriticalPointIsNearThePapers()
    {
        var crit = new CubicTeacher(Fig2).CriticalPoint();
        output.WriteLine($"sigma2_c = {crit.Sigma2C}, u_c = {crit.UC}, b_c = {crit.BC}, c_c = {crit.CC}, q* = {crit.QStar}");
        Assert.InRange(crit.Sigma2C, 0.17, 0.19);   // paper: 0.18
        Assert.InRange(crit.UC, 28, 33);            // paper: 30.2
        Assert.InRange(crit.QStar, 0.5, 1.2);       // "roughly at Φ = ±1"
        // At σ²_c the nonzero well is degenerate with Φ = 0
        var m = new CubicTeacher(Fig2 with { Sigma2 = crit.Sigma2C });
        Assert.Equal(0, m.NonzeroWell(crit.BC, crit.CC).S, 9);
    }

    [Fact]
    public void PhasesAreClassifiedAcrossTheTransition()
    {
        var above = new CubicTeacher(Fig2 with { Sigma2 = 0.25 }).LimitPhase();
        var below = new CubicTeacher(Fig2 with { Sigma2 = 0.16 }).LimitPhase();
        Assert.Equal(FeaturePhase.GFL, above.Phase);
        Assert.Equal(FeaturePhase.GMFL_I, below.Phase);
        Assert.InRange(below.DropletFraction, 1e-6, 1 - 1e-6);
        Assert.InRange(Math.Abs(below.GapAtQStar), 0, 1e-4); // lever rule: degenerate wells
    }

    [Fact]
    public void SaddleAndQuadratureAgreeFarFromTheTransition()
    {
        var model = new CubicTeacher(Fig2 with { Sigma2 = 0.3 });
        var saddle = Assert.Single(model.SolveAll(AveragingMethod.Saddle, scan: 16));
        var quad = Assert.Single(model.SolveAll(AveragingMethod.Quadrature, scan: 16));
        output.WriteLine($"saddle b={saddle.B} c={saddle.C}; quadrature b={quad.B} c={quad.C}");
        Assert.Equal(AveragingMethod.Saddle, saddle.Method);
        Assert.Equal(AveragingMethod.Quadrature, quad.Method);
        Assert.True(saddle.Residual < 1e-8 && quad.Residual < 1e-8);
        Assert.InRange(Math.Abs(saddle.B - quad.B), 0, 0.01);
        Assert.InRange(Math.Abs(saddle.C - quad.C), 0, 0.005);
        // and both are close to the thermodynamic-limit GFL branch
        Assert.InRange(Math.Abs(model.LimitGfl().B - quad.B), 0, 0.01);
    }

    [Fact]
    public void MonteCarloMatchesQuadratureOnABimodalDensity()
    {
        var model = new CubicTeacher(Fig2 with { Sigma2 = 0.15 });
        var density = model.Density(0.3, -0.3);
        var minima = density.Minima();
        Assert.Contains(minima, m => Math.Abs(m.Location) > 0.5 && m.Weight > 0.05); // genuinely bimodal
        var obs = model.KernelIntegrands();
        var quad = density.Average(obs, AveragingMethod.Quadrature);
        var mc = density.Average(obs, AveragingMethod.MonteCarlo, new MonteCarloOptions(Samples: 80_000, Chains: 8, Seed: 7));
        for (int j = 0; j < obs.Length; j++)
        {
            output.WriteLine($"obs {j}: quad {quad.Values[j]:G6}  mc {mc.Values[j]:G6} ± {mc.StandardErrors![j]:G3}");
            Assert.InRange(Math.Abs(mc.Values[j] - quad.Values[j]), 0, 5 * mc.StandardErrors[j] + 1e-12);
        }
    }

    [Fact]
    public void NormConcentrationErrorShrinksWithDimension()
    {
        // λ₁₁ from the 2-D (q, |w⊥|²) quadrature vs the 1-D projected action at the same (b, c): the difference is the
        // norm-concentration approximation of App. A.2 and must fall as d grows (u fixed via σ_a² ∝ d).
        double RelDiff(double d)
        {
            var m = new CubicTeacher(Fig2 with { Sigma2 = 0.3, Dimension = d, SigmaA2 = Fig2.SigmaA2 * d / 150 });
            double one = m.Kernel(0.45, -0.3, AveragingMethod.Quadrature).L11, two = m.Kernel(0.45, -0.3, AveragingMethod.QuadratureFullNorm).L11;
            return Math.Abs(two - one) / one;
        }
        double r150 = RelDiff(150), r1500 = RelDiff(1500);
        output.WriteLine($"norm-concentration relative error in lambda11: d=150 {r150:G3}, d=1500 {r1500:G3}");
        Assert.InRange(r150, 0, 0.2);
        Assert.True(r1500 < r150 / 3);
    }

    [Fact]
    public void QuadratureIsExactForAGaussian()
    {
        var dens = new ScalarDensity(q => q * q / 2, 100, 3);
        var r = dens.Average([q => q * q, q => Math.Pow(q, 4)], AveragingMethod.Quadrature);
        Assert.Equal(0.01, r.Values[0], 12);
        Assert.Equal(3e-4, r.Values[1], 12);
        var s = dens.Average([q => q * q], AveragingMethod.Saddle);
        Assert.Equal(0.01, s.Values[0], 8);
    }
}

/// <summary>Modular addition (2310.03789 §3.2, App. B).</summary>
public class AdaptiveModularTests(ITestOutputHelper output)
{
    private static readonly ModularParameters Fig3 = new();

    [Fact]
    public void SaddlesSolveTheStationarityConditionAndDegeneracyIsClosedForm()
    {
        var m = new ModularAddition(Fig3);
        double g = 0.0125;
        var (plus, minus) = m.Saddles(g);
        double Fp(double f) => 1 - 2 * g * f + Fig3.Gamma * f * f;   // f'(Φ)
        Assert.Equal(0, Fp(plus), 10);
        Assert.Equal(0, Fp(minus), 10);
        var b = m.Boundaries(finiteP: false);
        Assert.Equal(0, m.DiagonalAction(m.Saddles(b.GStar).Plus, b.GStar), 6);
        Assert.Equal(b.PhiStar, m.Saddles(b.GStar).Plus, 4);
        Assert.Equal(Fig3.Interaction, ScalingFamily.Modular(Fig3, 3.7).Interaction, 12);
    }

    [Fact]
    public void BoundariesAndDiscrepancyAreNearThePapers()
    {
        var m = new ModularAddition(Fig3);
        var b = m.Boundaries();
        output.WriteLine($"limit: GMFL-I {b.Sigma2Gmfl1Limit}, GMFL-II {b.Sigma2Gmfl2Limit}, a_end {b.AAtGmfl2Limit}; finite P: {b.Sigma2Gmfl1FiniteP}, {b.Sigma2Gmfl2FiniteP}");
        Assert.InRange(b.Sigma2Gmfl1Limit, 0.227 - 0.012, 0.227 + 0.012);  // paper 0.227
        Assert.InRange(b.Sigma2Gmfl2Limit, 0.175 - 0.004, 0.175 + 0.004);  // paper 0.175
        Assert.InRange(b.Sigma2Gmfl1FiniteP!.Value, b.Sigma2Gmfl1Limit - 0.002, b.Sigma2Gmfl1Limit + 0.002);
        Assert.InRange(b.Sigma2Gmfl2FiniteP!.Value, b.Sigma2Gmfl2Limit - 0.002, b.Sigma2Gmfl2Limit + 0.002);
        // a ≈ −1 at the start of GMFL-I and ≈ −0.7 at its end (solved, not the closed form)
        var start = m.WithSigma2(b.Sigma2Gmfl1FiniteP.Value + 1e-3).Solve(AveragingMethod.Saddle);
        var end = m.WithSigma2(b.Sigma2Gmfl2FiniteP.Value + 1e-3).Solve(AveragingMethod.Saddle);
        output.WriteLine($"a: {start.A} -> {end.A}");
        Assert.Equal(FeaturePhase.GFL, start.Phase);
        Assert.InRange(start.A, -1.0, -0.999);
        Assert.InRange(end.A, -0.80, -0.70);
        Assert.Equal(FeaturePhase.GMFL_I, m.WithSigma2(0.2).Solve(AveragingMethod.Saddle).Phase);
        Assert.Equal(FeaturePhase.GMFL_II, m.WithSigma2(0.15).Solve(AveragingMethod.Saddle).Phase);
    }

    [Fact]
    public void TwoPointMixtureQuadratureAndMonteCarloAgree()
    {
        var m = new ModularAddition(Fig3);
        // Deep in GMFL-II (g = 1.3 g*): saddle vs quadrature λ to 1e-3 relative.
        double gStar = m.Boundaries(finiteP: false).GStar;
        double a2 = -Math.Sqrt(1.3 * gStar / Fig3.Interaction);
        double ls = m.Eigenvalue(a2, AveragingMethod.Saddle).Lambda, lq = m.Eigenvalue(a2, AveragingMethod.Quadrature).Lambda;
        Assert.True(ls > 0);
        Assert.InRange(Math.Abs(ls - lq) / ls, 0, 1e-3);
        // GFL (g below the spinodal √γ): no nonzero saddle, λ ≈ 0 (O(P⁻²) fluctuations only).
        double a0 = -Math.Sqrt(0.9 * Math.Sqrt(Fig3.Gamma) / Fig3.Interaction);
        Assert.Equal(0, m.Eigenvalue(a0, AveragingMethod.Saddle).Lambda);
        Assert.InRange(m.Eigenvalue(a0, AveragingMethod.Quadrature).Lambda, 0, Fig3.SigmaA2 * 10.0 / (Fig3.Modulus * Fig3.Modulus));
        // Solutions in the mixed phase from all three methods: a is pinned by degeneracy (lever rule).
        var sols = new[] { AveragingMethod.Saddle, AveragingMethod.Quadrature, AveragingMethod.MonteCarlo }
            .Select(k => m.WithSigma2(0.2).Solve(k, new MonteCarloOptions(Samples: 20_000, Chains: 4))).ToArray();
        foreach (var s in sols) output.WriteLine($"{s.Method}: a={s.A} w={s.DropletWeight}");
        Assert.InRange(sols.Max(s => s.A) - sols.Min(s => s.A), 0, 2e-3);
        Assert.Equal(-Math.Sqrt(gStar / Fig3.Interaction), sols[1].A, 3);
    }

    [Fact]
    public void MonteCarloMomentMatchesQuadratureWithMixedWeights()
    {
        var m = new ModularAddition(Fig3 with { Modulus = 31, SigmaA2 = 0.002 / 1000 * 401.0 * 401 / (31 * 31) });
        // find g where the two wells share the weight (quadrature), then compare the MC moment
        double lo = 0.0101, hi = 0.02;
        for (int i = 0; i < 60; i++) { double mid = 0.5 * (lo + hi); if (m.QuadratureMoments(mid).Weight < 0.5) lo = mid; else hi = mid; }
        double g = 0.5 * (lo + hi);
        var (mq, wq) = m.QuadratureMoments(g);
        var (mm, wm, se) = m.MonteCarloMoments(g, new MonteCarloOptions(Samples: 200_000, Chains: 8, Seed: 3));
        output.WriteLine($"g={g}: quadrature {mq} (w {wq}), MC {mm} ± {se} (w {wm})");
        Assert.InRange(wq, 0.3, 0.7);
        Assert.InRange(Math.Abs(mm - mq), 0, 5 * se);
    }
}

/// <summary>Linear χ-network (2502.03210, digest §B).</summary>
public class AdaptiveLinearTests(ITestOutputHelper output)
{
    private static (double[] X, double[] Y, double[] Xt) Data(int n, int d, int m, ulong seed)
    {
        var (x, y, xt, _) = FeatureScale.Data.LinearTeacherData.Generate(n, d, m, seed);
        return (x, y, xt);
    }

    [Fact]
    public void TreeLevelEqualsTheRescaledGpAndTheWeightCovarianceIsRankOne()
    {
        int n = 20, d = 8;
        var (x, y, xt) = Data(n, d, 10, 11);
        var p = new LinearChiParameters(Width: 40, Chi: 8, Kappa: 0.2);
        var net = LinearChiNetwork.Create(x, y, n, d, p, xt);
        var tree = net.TreeLevel();
        var ak = AdaptiveKernelSolver.SolveLinear(x, y, n, d, p, variance: 0, chi0: 1, ladder: 6, damping: 0.3);
        output.WriteLine($"u = {tree.U}; fixed point {ak.Iterations} iterations, change {ak.Change}");
        Assert.True(ak.Converged);
        Assert.True(tree.U > 1);
        for (int i = 0; i < n; i++) Assert.InRange(Math.Abs(ak.TrainMean[i] - tree.TrainMean[i]), 0, 1e-12);
        var cov = net.WeightCovariance(tree.U);
        for (int k = 0; k < d * d; k++) Assert.InRange(Math.Abs(cov[k] - ak.WeightCovariance[k]), 0, 1e-12);
        var ev = new double[d];
        LinearAlgebra.Provider.SymmetricEigen((double[])cov.Clone(), d, ev);
        Assert.Equal(tree.U * p.Gv / d, ev[^1], 10);
        for (int k = 0; k < d - 1; k++) Assert.Equal(p.Gv / d, ev[k], 12);
    }

    [Fact]
    public void TreeLevelApproachesTheExactQuadratureAsChiGoesToN()
    {
        int n = 30, d = 10;
        var (x, y, xt) = Data(n, d, 50, 1);
        double RelErr(double width, double chi)
        {
            var net = LinearChiNetwork.Create(x, y, n, d, new LinearChiParameters(Width: width, Chi: chi, Kappa: 0.1), xt);
            var ex = net.Exact(); var tr = net.TreeLevel(); var gp = net.Nngp();
            double dev = ex.TestMean.Zip(tr.TestMean).Max(z => Math.Abs(z.First - z.Second));
            double scale = ex.TestMean.Zip(gp.TestMean).Max(z => Math.Abs(z.First - z.Second));
            return dev / scale;
        }
        double e1 = RelErr(50, 1), eMid = RelErr(50, 7), eN = RelErr(50, 50), eBig = RelErr(400, 400);
        output.WriteLine($"tree-vs-exact relative error: chi=1 {e1}, chi=7 {eMid}, chi=N=50 {eN}, chi=N=400 {eBig}");
        Assert.True(e1 > eMid && eMid > eN && eN > eBig);
        Assert.True(eBig < 0.02);
    }

    [Fact]
    public void SaddleMatchesExactAtLargeWidthAndAnnealingAvoidsTheNegativeRoot()
    {
        int n = 30, d = 10;
        var (x, y, xt) = Data(n, d, 20, 1);
        var std = LinearChiNetwork.Create(x, y, n, d, new LinearChiParameters(Width: 2000, Chi: 1, Kappa: 0.1), xt);
        Assert.InRange(Math.Abs(std.Saddle().U - std.Exact().U), 0, 2e-3);
        var mf = LinearChiNetwork.Create(x, y, n, d, new LinearChiParameters(Width: 50, Chi: 50, Kappa: 0.1), xt);
        var path = mf.Anneal(1, 50, 20);
        Assert.All(path, s => Assert.True(s.U > 0));
        Assert.Equal(mf.TreeLevel().U, path[^1].U, 10);
        Assert.InRange(Math.Abs(mf.TreeResidual(path[^1].U)), 0, 1e-10);
        var naive = mf.NaiveIteration();
        output.WriteLine($"naive iteration: u = {naive.U} (converged {naive.Converged}); annealed {path[^1].U}");
        Assert.True(!naive.Converged || naive.U < 0 || Math.Abs(naive.U - path[^1].U) < 1e-8);
        if (naive.Converged && naive.U < 0) Assert.InRange(Math.Abs(mf.TreeResidual(naive.U)), 0, 1e-9); // the spurious negative root
    }
}

/// <summary>Finite-data adaptive-kernel solver (2310.03789 Eqs. 7–10, general form).</summary>
public class AdaptiveFiniteDataTests(ITestOutputHelper output)
{
    private static (double[] X, double[] Y) Data(int n, int d, ulong seed)
    {
        var (x, y, _, _) = FeatureScale.Data.LinearTeacherData.Generate(n, d, 0, seed);
        return (x, y);
    }

    [Theory]
    [InlineData("erf", 0.0)]
    [InlineData("erf", 1.0)]
    [InlineData("square", 1.0)]
    [InlineData("linear", 1.0)]
    public void GradientMatchesFiniteDifferences(string activation, double nu)
    {
        int n = 7, d = 5;
        var (x, y) = Data(n, d, 3);
        var solver = new FiniteDataAdaptiveKernel(new FiniteDataProblem(x, y, n, d, Activation.Parse(activation), 10, 1, 0.5, 0.1, nu));
        var rng = RandomStream.For(9, 0, "grad-test");
        var t = new double[n]; rng.FillGaussian(t);
        var b = new double[n * n]; rng.FillGaussian(b);
        var a = new double[n * n]; // symmetric positive definite A = BBᵀ/n + I
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = i == j ? 1 : 0; for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k] / n; a[i * n + j] = s; }
        var w = new double[d]; rng.FillGaussian(w, 0, 0.5);
        var g = new double[d]; var tmp = new double[d];
        solver.ActionAndGradient(w, t, a, g);
        for (int k = 0; k < d; k++)
        {
            double e = 1e-6;
            var wp = (double[])w.Clone(); wp[k] += e; double sp = solver.ActionAndGradient(wp, t, a, tmp);
            var wm = (double[])w.Clone(); wm[k] -= e; double sm = solver.ActionAndGradient(wm, t, a, tmp);
            Assert.Equal((sp - sm) / (2 * e), g[k], 6);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void SaddleIsExactForLinearActivation(double nu)
    {
        int n = 12, d = 6;
        var (x, y) = Data(n, d, 5);
        var p = new LinearChiParameters(Width: 20, Chi: 4, Kappa: 0.2);
        var exact = AdaptiveKernelSolver.SolveLinear(x, y, n, d, p, variance: nu, ladder: 6, damping: 0.3);
        Assert.True(exact.Converged);
        var fd = new FiniteDataAdaptiveKernel(new FiniteDataProblem(x, y, n, d, Activation.Linear, p.Width, p.Gv, p.SigmaA2, p.Sigma2, nu));
        var sad = fd.Solve(AveragingMethod.Saddle, iterations: 40, annealFactor: p.Chi, annealSteps: 3);
        double dev = exact.TrainMean.Zip(sad.TrainMean).Max(z => Math.Abs(z.First - z.Second));
        output.WriteLine($"nu={nu}: saddle vs exact Gaussian max |Δf| = {dev:G3}");
        Assert.Equal(AveragingMethod.Saddle, sad.Method);
        Assert.InRange(dev, 0, 1e-8);
        if (nu == 0)
        {
            var tree = LinearChiNetwork.Create(x, y, n, d, p).TreeLevel();
            Assert.InRange(tree.TrainMean.Zip(sad.TrainMean).Max(z => Math.Abs(z.First - z.Second)), 0, 1e-8);
        }
    }

    [Fact]
    public void MonteCarloMatchesTheExactGaussianForLinearActivation()
    {
        int n = 12, d = 6;
        var (x, y) = Data(n, d, 5);
        var p = new LinearChiParameters(Width: 20, Chi: 4, Kappa: 0.2);
        var exact = AdaptiveKernelSolver.SolveLinear(x, y, n, d, p, ladder: 6, damping: 0.3);
        var nngp = LinearChiNetwork.Create(x, y, n, d, p).Nngp();
        var fd = new FiniteDataAdaptiveKernel(new FiniteDataProblem(x, y, n, d, Activation.Linear, p.Width, p.Gv, p.SigmaA2, p.Sigma2));
        var mc = fd.Solve(AveragingMethod.MonteCarlo, iterations: 16, mc: new MonteCarloOptions(Samples: 16_000, Chains: 4, BurnIn: 300), annealFactor: p.Chi, annealSteps: 2);
        double dev = exact.TrainMean.Zip(mc.TrainMean).Max(z => Math.Abs(z.First - z.Second));
        double fl = exact.TrainMean.Zip(nngp.TrainMean).Max(z => Math.Abs(z.First - z.Second));
        output.WriteLine($"MC vs exact {dev:G3}; feature-learning shift {fl:G3}");
        Assert.Equal(AveragingMethod.MonteCarlo, mc.Method);
        Assert.InRange(dev, 0, 0.05 * fl);
    }

    [Fact]
    public void ErfSaddleAndMonteCarloAgreeAtWeakCoupling()
    {
        int n = 10, d = 5;
        var (x, y) = Data(n, d, 8);
        var prob = new FiniteDataProblem(x, y, n, d, Activation.Erf, Width: 2000, Gv: 1, SigmaA2: 1, Sigma2: 0.1);
        var fd = new FiniteDataAdaptiveKernel(prob);
        var sad = fd.Solve(AveragingMethod.Saddle, iterations: 8);
        var mc = fd.Solve(AveragingMethod.MonteCarlo, iterations: 8, mc: new MonteCarloOptions(Samples: 20_000, Chains: 4, BurnIn: 300));
        double dq = sad.Kernel.Zip(mc.Kernel).Max(z => Math.Abs(z.First - z.Second));
        double scale = sad.Kernel.Max(Math.Abs);
        output.WriteLine($"erf weak coupling: max|Q_saddle − Q_mc| = {dq:G3} (max Q {scale:G3}); minima {sad.Minima.Count}");
        Assert.InRange(dq, 0, 0.03 * scale);
        Assert.InRange(sad.TrainMean.Zip(mc.TrainMean).Max(z => Math.Abs(z.First - z.Second)), 0, 0.02);
    }
}
