using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Kernels;

/// <summary>
/// Empirical kernels, RKHS norms with a pseudo-inverse, and the feature-propagation experiment of Figs. 5–6.
/// </summary>
public class PropagationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void QuadraticFormsObeyCauchySchwarzAndAreExactForEigenfunctions()
    {
        int p = 120, d = 6;
        var x = new double[p * d]; RandomStream.For(4, 0, "es").FillGaussian(x);
        var k = new NngpKernel(new ErfActivation(), 2).Gram(x, p, d);
        var es = new KernelEigensystem(k, p);
        var phi = Enumerable.Range(0, p).Select(i => x[i * d] * x[i * d + 1]).ToArray();
        double n2 = KernelEigensystem.Norm2(phi);
        for (int i = 0; i < p; i++) phi[i] /= Math.Sqrt(n2);
        Assert.True(1 / es.Quadratic(phi) <= es.RkhsNorm(phi) * (1 + 1e-9));
        // Against a direct solve: φᵀK⁻¹φ by Cholesky.
        var l = (double[])k.Clone(); LinearAlgebra.Provider.CholeskyFactor(l, p);
        var sol = (double[])phi.Clone(); LinearAlgebra.Provider.CholeskySolve(l, p, sol, 1);
        Assert.Equal(phi.Zip(sol, (a, b) => a * b).Sum(), es.RkhsNorm(phi), 6);
        var e = es.EigenfunctionByRank(3);
        Assert.Equal(1, KernelEigensystem.Norm2(e), 12);
        Assert.Equal(1, es.RkhsNorm(e) * es.Quadratic(e), 9);
    }

    [Fact]
    public void FeatureSideNormsMatchThePseudoInverseOfTheFullKernel()
    {
        // P > N: K = FFᵀ/N has P − N zero eigenvalues; both routes must drop them and agree.
        int p = 150, n = 40, din = 10;
        var x = new double[p * din]; RandomStream.For(5, 0, "fs-x").FillGaussian(x);
        var w = new double[n * din]; RandomStream.For(5, 0, "fs-w").FillGaussian(w, 0, 1 / Math.Sqrt(din));
        var f = EmpiricalKernel.Features(x, p, din, w, n, new ReluActivation());
        var phi = Enumerable.Range(0, p).Select(i => x[i * din] * x[i * din] - 1).ToArray();
        var (rkhs, quad, rank) = KernelPropagation.Norms(f, p, n, phi);
        var es = new KernelEigensystem(EmpiricalKernel.FromFeatures(f, p, n), p);
        Assert.Equal(n, rank);
        Assert.Equal(n, es.Rank);
        Assert.Equal(es.RkhsNorm(phi), rkhs, 6);
        Assert.Equal(es.Quadratic(phi), quad, 12);
        // And the empirical kernel agrees with the Monte-Carlo-free NNGP entry-wise to O(1/√N) (sanity, loose).
        var nngp = new NngpKernel(new ReluActivation(), 2);
        var kEmp = EmpiricalKernel.FromFeatures(f, p, n);
        Assert.True(Math.Abs(kEmp[0] - nngp.Evaluate(x.AsSpan(0, din), x.AsSpan(0, din))) < 0.5);
    }

    [Fact]
    public void BoostMultipliesTheModeEigenvalueByD()
    {
        // The second-layer weight covariance (I + (D−1)ââᵀ)/N1 turns the pre-activation kernel F1(·)F1ᵀ/N1 into
        // K1 + (D−1) λ* Φ*Φ*ᵀ: Φ* stays an eigenvector with eigenvalue D λ* (Eq. 12). Checked by sampling W2.
        var c = PropagationConfig.Quick() with { D = 12, N1 = 60, N2 = 20000, P = 80, Boosts = [9] };
        var x = KernelPropagation.Inputs(c);
        var w1 = new double[c.N1 * c.D]; RandomStream.For(c.Seed, 0, "propagation-w1").FillGaussian(w1, 0, 1 / Math.Sqrt(c.D));
        var f1 = EmpiricalKernel.Features(x, c.P, c.D, w1, c.N1, new ReluActivation());
        var k1 = new KernelEigensystem(EmpiricalKernel.FromFeatures(f1, c.P, c.N1), c.P);
        var phi = k1.EigenfunctionByRank(c.D / 2);
        double lambda = k1.Values[c.P - c.D / 2];
        // Least-squares read-out a with F1 a = Φ* (exact: Φ* is in the span of the features).
        var a = LeastSquares(f1, c.P, c.N1, phi);
        double an = Math.Sqrt(a.Sum(v => v * v));
        var aHat = a.Select(v => v / an).ToArray();
        // Sample N2 rows w = g/√N1 + (√D − 1)(g·â)â/√N1 and estimate Φ*ᵀ E[h hᵀ] Φ*/P² with h = F1 w.
        double boost = 9, acc = 0;
        var rng = RandomStream.For(8, 0, "boost");
        var g = new double[c.N1];
        var proj = new double[c.P];
        for (int r = 0; r < c.N2; r++)
        {
            rng.FillGaussian(g);
            double ga = g.Zip(aHat, (u, v) => u * v).Sum();
            var wRow = g.Select((v, i) => (v + (Math.Sqrt(boost) - 1) * ga * aHat[i]) / Math.Sqrt(c.N1)).ToArray();
            LinearAlgebra.Provider.Gemv(Transpose.No, c.P, c.N1, 1, f1, c.N1, wRow, 0, proj);
            double s = proj.Zip(phi, (u, v) => u * v).Sum() / c.P;
            acc += s * s;
        }
        double measured = acc / c.N2, expected = boost * lambda / c.P;
        Assert.True(Math.Abs(measured / expected - 1) < 0.05, $"boosted mode variance {measured} vs D λ* = {expected}");
    }

    private static double[] LeastSquares(double[] f, int p, int n, double[] y)
    {
        var ata = new double[n * n];
        LinearAlgebra.Provider.Syrk(Transpose.Yes, n, p, 1, f, n, 0, ata, n);
        for (int i = 0; i < n; i++) ata[i * n + i] += 1e-10;
        var aty = new double[n];
        LinearAlgebra.Provider.Gemv(Transpose.Yes, p, n, 1, f, n, y, 0, aty);
        LinearAlgebra.Provider.CholeskyFactor(ata, n);
        LinearAlgebra.Provider.CholeskySolve(ata, n, aty, 1);
        return aty;
    }

    [Fact]
    public void QuadraticActivationShowsTheInverseSquareLaw()
    {
        // σ = 1 + x + x² (Fig. 6 bottom): the boosted mode enters the next kernel through C², a spike (Dλ*)² on Φ*²,
        // so ⟨Φ|K|Φ⟩⁻¹ ∝ D⁻² once the spike dominates. Tolerance: slope −2 ± 0.15 over D ∈ [256, 4096].
        var c = PropagationConfig.Quick() with { Act = "quadratic", FitMin = 256, FitMax = 4096 };
        var r = KernelPropagation.Run(c);
        foreach (var pt in r.Points) output.WriteLine($"D={pt.Boost}: R={pt.RkhsNorm:0.####E+0} 1/Q={pt.InverseQuadratic:0.####E+0}");
        output.WriteLine($"slope R {r.Slope:0.000}, slope 1/Q {r.QuadraticSlope:0.000}, steepest R {r.SteepestSlope:0.000}");
        Assert.InRange(r.QuadraticSlope, -2.15, -1.85);
        // The RKHS norm itself falls by more than 10× between D = 1 and D = 64 (then hits the finite-N2 floor).
        double r1 = r.Points.First(p => p.Boost == 1).RkhsNorm, r64 = r.Points.First(p => p.Boost == 64).RkhsNorm;
        Assert.True(r64 < 0.1 * r1, $"R(64)/R(1) = {r64 / r1}");
    }

    [Fact]
    public void ReluPropagationQuickSize()
    {
        // Fig. 5 protocol at the quick size. Measured here: the RKHS norm of Φ*² falls steeply for D ≈ 4–32 and then
        // saturates at a finite-width floor; the steepest local slope is about −1.1 (the paper's −2 is not reached at
        // this size). Tolerances: steepest local slope of ⟨Φ|K⁻¹|Φ⟩ ≤ −0.9 and of ⟨Φ|K|Φ⟩⁻¹ ≤ −1.2, norm monotone
        // decreasing over D ∈ [4, 32].
        var r = KernelPropagation.Run(PropagationConfig.Quick());
        foreach (var pt in r.Points) output.WriteLine($"D={pt.Boost}: R={pt.RkhsNorm:0.####E+0} 1/Q={pt.InverseQuadratic:0.####E+0} rank={pt.Rank}");
        output.WriteLine($"slope R {r.Slope:0.000} ± {r.SlopeStdError:0.000}, slope 1/Q {r.QuadraticSlope:0.000}, steepest {r.SteepestSlope:0.000} / {r.SteepestQuadraticSlope:0.000}");
        Assert.True(r.SteepestSlope <= -0.9, $"steepest slope {r.SteepestSlope}");
        Assert.True(r.SteepestQuadraticSlope <= -1.2, $"steepest 1/Q slope {r.SteepestQuadraticSlope}");
        var window = r.Points.Where(p => p.Boost >= 4 && p.Boost <= 32).ToArray();
        for (int i = 1; i < window.Length; i++) Assert.True(window[i].RkhsNorm < window[i - 1].RkhsNorm);
        Assert.All(r.Points, p => Assert.Equal(r.Config.N2, p.Rank)); // P − N2 zero eigenvalues dropped
    }

    private void Print(PropagationResult r)
    {
        foreach (var pt in r.Points)
            output.WriteLine($"D={pt.Boost}: R={pt.RkhsNorm:0.####E+0} 1/Q={pt.InverseQuadratic:0.####E+0} " +
                $"1/Q(ν≠μ)={pt.InverseQuadraticOffDiagonal:0.####E+0}");
        string Slopes(Func<PropagationPoint, double> y) =>
            string.Join(" ", Local(r, y, 0, double.MaxValue).Select(v => v.ToString("0.00")));
        output.WriteLine("local R " + Slopes(p => p.RkhsNorm));
        output.WriteLine("local 1/Q " + Slopes(p => p.InverseQuadratic));
        output.WriteLine("local 1/Q(ν≠μ) " + Slopes(p => p.InverseQuadraticOffDiagonal));
    }

    private static double[] Local(PropagationResult r, Func<PropagationPoint, double> y, double from, double to)
    {
        var pts = r.Points.Where(p => p.Boost >= from && p.Boost <= to).ToArray();
        return PropagationTheory.LocalSlopes(pts.Select(p => p.Boost).ToArray(), pts.Select(y).ToArray());
    }

    [Fact]
    public void ControlQuadraticActivationWithLayerNormFallsAsInverseDSquared()
    {
        // Control (issue #13): σ = 1 + x + x² with layer norm (Fig. 6 bottom left) at the quick size. Both estimators
        // of ⟨Φ|K|Φ⟩⁻¹ fall as D⁻² once the spike (Dλ*)² dominates: every local slope over D ∈ [16, 4096] within
        // −2 ± 0.1 (measured −2.00 … −2.03). ⟨Φ|K⁻¹|Φ⟩ falls by more than 10× between D = 4 and 64 before the
        // finite-N2 floor (measured steepest −1.47).
        var r = KernelPropagation.Run(PropagationConfig.Quick() with { Act = "quadratic", LayerNorm = true });
        Print(r);
        Assert.All(Local(r, p => p.InverseQuadratic, 16, 4096), s => Assert.InRange(s, -2.1, -1.9));
        Assert.All(Local(r, p => p.InverseQuadraticOffDiagonal, 16, 4096), s => Assert.InRange(s, -2.1, -1.9));
        double r4 = r.Points.First(p => p.Boost == 4).RkhsNorm, r64 = r.Points.First(p => p.Boost == 64).RkhsNorm;
        Assert.True(r64 < 0.1 * r4, $"R(64)/R(4) = {r64 / r4}");
    }

    [Fact]
    public void ControlPowerOneFallsAsInverseD()
    {
        // Control (issue #13): m = 1, Φ = Φ* itself (ReLU, quick size). The boost enters K2 linearly (κ'(1/π)·Dλ*·tt'),
        // so ⟨Φ|K⁻¹|Φ⟩ and ⟨Φ|K|Φ⟩⁻¹ both fall as D⁻¹: every local slope over D ∈ [1, 4096] within −1 ± 0.1
        // (measured −0.92 … −1.02), and ⟨Φ|K|Φ⟩⁻¹ (ν ≠ μ) follows the idealised d = 40 curve's local slopes within 0.1.
        var r = KernelPropagation.Run(PropagationConfig.Quick() with { Power = 1 });
        Print(r);
        Assert.All(Local(r, p => p.RkhsNorm, 1, 4096), s => Assert.InRange(s, -1.1, -0.9));
        Assert.All(Local(r, p => p.InverseQuadratic, 1, 4096), s => Assert.InRange(s, -1.1, -0.9));
        Assert.All(Local(r, p => p.InverseQuadraticOffDiagonal, 1, 4096), s => Assert.InRange(s, -1.1, -0.9));
        var boosts = r.Points.Select(p => p.Boost).ToArray();
        var th = PropagationTheory.LocalSlopes(boosts,
            PropagationTheory.Curve(40, boosts, 1).Select(t => t.InverseQuadratic).ToArray());
        var me = PropagationTheory.LocalSlopes(boosts, r.Points.Select(p => p.InverseQuadraticOffDiagonal).ToArray());
        Assert.All(me.Zip(th), z => Assert.True(Math.Abs(z.First - z.Second) < 0.1, $"{z.First} vs {z.Second}"));
    }

    [Fact]
    public void ReluQuickSizeOffDiagonalEstimatorFollowsTheIdealisedCurve()
    {
        // ReLU at the quick size (d = 40): ⟨Φ|K|Φ⟩⁻¹ without the ν = μ terms follows the idealised d = 40 curve
        // (N1, N2, P → ∞) from D = 16: local slopes over D ∈ [16, 4096] within 0.12 (measured ≤ 0.05) and the
        // level within 0.75 … 1.1 of it (measured 0.85 … 0.92). At D = 1, 2 removing the ν = μ terms (≈ E[Φ²K(x,x)]/P)
        // raises ⟨Φ|K|Φ⟩⁻¹ towards the idealised value (measured 4.0e3 → 6.4e3, idealised 1.3e4 at D = 1).
        var r = KernelPropagation.Run(PropagationConfig.Quick());
        Print(r);
        var pts = r.Points.Where(p => p.Boost >= 16).ToArray();
        var boosts = pts.Select(p => p.Boost).ToArray();
        var theory = PropagationTheory.Curve(40, boosts);
        var th = PropagationTheory.LocalSlopes(boosts, theory.Select(t => t.InverseQuadratic).ToArray());
        var me = PropagationTheory.LocalSlopes(boosts, pts.Select(p => p.InverseQuadraticOffDiagonal).ToArray());
        Assert.All(me.Zip(th), z => Assert.True(Math.Abs(z.First - z.Second) < 0.12, $"{z.First} vs {z.Second}"));
        Assert.All(pts.Zip(theory),
            z => Assert.InRange(z.First.InverseQuadraticOffDiagonal / z.Second.InverseQuadratic, 0.75, 1.1));
        var ideal = PropagationTheory.Curve(40, [1.0, 2.0]);
        for (int i = 0; i < 2; i++)
        {
            var pt = r.Points[i];
            Assert.True(pt.InverseQuadratic < pt.InverseQuadraticOffDiagonal, $"D = {pt.Boost}");
            Assert.True(pt.InverseQuadraticOffDiagonal < ideal[i].InverseQuadratic, $"D = {pt.Boost}");
        }
    }

    [Fact]
    public void OffDiagonalQuadraticMatchesADirectDoubleSum()
    {
        int p = 50, n = 30, din = 6;
        var x = new double[p * din]; RandomStream.For(9, 0, "od-x").FillGaussian(x);
        var w = new double[n * din]; RandomStream.For(9, 0, "od-w").FillGaussian(w, 0, 1 / Math.Sqrt(din));
        var f = EmpiricalKernel.Features(x, p, din, w, n, new ReluActivation());
        var phi = Enumerable.Range(0, p).Select(i => x[i * din] * x[i * din] - 1).ToArray();
        double phiMean = phi.Average();
        for (int i = 0; i < p; i++) phi[i] -= phiMean;
        var k = EmpiricalKernel.FromFeatures(f, p, n);
        // K̃ = HKH: K minus its row and column means plus its grand mean.
        var row = Enumerable.Range(0, p).Select(i => Enumerable.Range(0, p).Average(j => k[i * p + j])).ToArray();
        double grand = row.Average();
        double all = 0, off = 0;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                all += phi[i] * k[i * p + j] * phi[j];
                if (i != j) off += phi[i] * (k[i * p + j] - row[i] - row[j] + grand) * phi[j];
            }
        var (_, quad, _) = KernelPropagation.Norms(f, p, n, phi);
        Assert.Equal(all / ((double)p * p), quad, 12);
        Assert.Equal(off / ((double)p * (p - 1)), KernelPropagation.OffDiagonalQuadratic(f, p, n, phi, quad), 12);
        Assert.NotEqual(quad, KernelPropagation.OffDiagonalQuadratic(f, p, n, phi, quad), 6);
    }

    [Fact]
    public void OffDiagonalRelativeErrorVanishesForIdenticalGroupsAndFallsWithWidth()
    {
        // Four identical groups of neurons: no scatter, zero error. Independent neurons: the error of a mean over
        // n neurons falls like n^−1/2, so 16× the width gives ≈ 1/4 of it (tolerance: a factor 2, the 3-dof scatter).
        int p = 60, din = 5;
        var x = new double[p * din]; RandomStream.For(10, 0, "re-x").FillGaussian(x);
        var phi = Enumerable.Range(0, p).Select(i => x[i * din] * x[i * din] - 1).ToArray();
        double Error(int n, bool repeat)
        {
            var w = new double[n * din]; RandomStream.For(10, 0, "re-w").FillGaussian(w, 0, 1 / Math.Sqrt(din));
            if (repeat)
                for (int i = n / 4; i < n; i++)
                    for (int k = 0; k < din; k++) w[i * din + k] = w[(i % (n / 4)) * din + k];
            var f = EmpiricalKernel.Features(x, p, din, w, n, new ReluActivation());
            var (_, quad, _) = KernelPropagation.Norms(f, p, n, phi);
            return KernelPropagation.OffDiagonalRelativeError(f, p, n, phi,
                KernelPropagation.OffDiagonalQuadratic(f, p, n, phi, quad));
        }
        Assert.Equal(0, Error(40, repeat: true), 12);
        double small = Error(40, false), large = Error(640, false);
        output.WriteLine($"relative error n=40: {small:0.0000}, n=640: {large:0.0000}");
        Assert.True(small > 0 && large > 0);
        Assert.InRange(small / large, 2, 8);
    }
}
