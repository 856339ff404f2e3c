using FeatureScale.Numerics;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;

namespace FeatureScale.Tests.Analysis;

public class AnalysisTests
{
    [Fact]
    public void CrossingIsExactForACurveLinearInLogP()
    {
        // A_f = 0.3 (ln P − ln 123.4) + 0.1 crosses 0.1 at exactly P = 123.4, wherever the grid points fall
        double[] p = [20, 50, 90, 150, 400, 1000];
        var a = p.Select(x => 0.3 * (Math.Log(x) - Math.Log(123.4)) + 0.1).ToArray();
        var c = PStar.Find(p, a);
        Assert.Equal(CrossingKind.Interpolated, c.Kind);
        Assert.Equal(123.4, c.Value, 9);
        // order of the points does not matter
        Assert.Equal(c.Value, PStar.Find(p.Reverse().ToArray(), a.Reverse().ToArray()).Value, 12);
    }

    [Fact]
    public void CrossingOfTheSyntheticLogisticConvergesToThePlantedPStar()
    {
        foreach (double d in new[] { 10.0, 40, 160 })
        {
            double planted = SyntheticAlignmentExecutor.PlantedPStar(d);
            double Err(int perDecade)
            {
                var p = Enumerable.Range(0, 3 * perDecade + 1).Select(i => 1.37 * d * Math.Pow(10, i / (double)perDecade)).ToArray();   // grid misses P*
                var a = p.Select(x => SyntheticAlignmentExecutor.Curve(x, d)).ToArray();
                return Math.Abs(PStar.Find(p, a).Value / planted - 1);
            }
            double coarse = Err(3), fine = Err(30);
            Assert.True(coarse < 0.15, $"coarse grid error {coarse}");
            Assert.True(fine < 0.01, $"fine grid error {fine}");
            Assert.True(fine < coarse);
        }
    }

    [Fact]
    public void CurvesThatNeverCrossGiveNotFoundOrAnExtrapolation()
    {
        double[] p = [100, 200, 400];
        double[] above = [0.2, 0.4, 0.8], below = [0.01, 0.02, 0.04];
        Assert.Equal(CrossingKind.NotFound, PStar.Find(p, above).Kind);
        Assert.Equal(CrossingKind.NotFound, PStar.Find(p, below).Kind);
        var lo = PStar.Find(p, above, allowExtrapolation: true);
        Assert.Equal(CrossingKind.ExtrapolatedBelow, lo.Kind);
        Assert.Equal(100 / Math.Sqrt(2), lo.Value, 9);   // 0.2 at 100, +0.2 per doubling → 0.1 at 100·2^(−1/2)
        var hi = PStar.Find(p, below, allowExtrapolation: true);
        Assert.Equal(CrossingKind.ExtrapolatedAbove, hi.Kind);
        Assert.Equal(400 * Math.Pow(2, 3), hi.Value, 6);   // 0.02 → 0.04 per doubling: 0.1 at 400·2^{(0.1−0.04)/0.02}
        Assert.False(PStar.Find(p, [0.3, 0.2, 0.15], allowExtrapolation: true).Found);   // falling curve: no crossing
    }

    [Fact]
    public void TheFirstUpwardCrossingIsTaken()
    {
        double[] p = [10, 20, 40, 80, 160];
        double[] a = [0.0, 0.2, 0.05, 0.3, 0.9];
        Assert.Equal(Math.Sqrt(10 * 20), PStar.Find(p, a).Value, 9);
    }

    [Fact]
    public void BootstrapIntervalCoversTheTruthAboutNinetyFivePercentOfTheTime()
    {
        // 200 independent noisy data sets of 6 seeds per P; the truth is the crossing of the noiseless curve on the
        // same grid (removes the deterministic interpolation bias)
        double[] p = [50, 100, 200, 400, 800, 1600];
        const double d = 20, sd = 0.05;
        var truth = PStar.Find(p, p.Select(x => SyntheticAlignmentExecutor.Curve(x, d)).ToArray()).Value;
        int covered = 0, sets = 200;
        for (int s = 0; s < sets; s++)
        {
            var rng = RandomStream.For((ulong)s, 0, "coverage");
            var samples = p.Select(x => Enumerable.Range(0, 6).Select(_ => SyntheticAlignmentExecutor.Curve(x, d) + sd * rng.NextGaussian()).ToArray()).ToArray();
            var est = PStar.Bootstrap(p, samples, replicates: 400, seed: (ulong)s + 1000);
            if (est.CiLow <= truth && truth <= est.CiHigh) covered++;
        }
        double coverage = covered / (double)sets;
        Assert.InRange(coverage, 0.85, 0.99);
    }

    [Fact]
    public void SinglySampledPointsAreResampledFromTheirStandardError()
    {
        double[] p = [100, 200, 400];
        double[][] one = [[0.05], [0.15], [0.5]];
        var fixedEst = PStar.Bootstrap(p, one, replicates: 300);
        Assert.Equal(fixedEst.CiLow, fixedEst.CiHigh);     // no spread without a standard error
        var withSem = PStar.Bootstrap(p, one, replicates: 300, sem: [0.02, 0.02, 0.02]);
        Assert.True(withSem.CiHigh > withSem.CiLow);
        Assert.InRange(withSem.Estimate.Value, withSem.CiLow, withSem.CiHigh);
    }

    [Fact]
    public void ExponentFitRecoversAPlantedPowerLawWithAnHonestInterval()
    {
        double[] d = [10, 20, 40, 80, 160];
        var exact = ExponentFit.Estimate(d, d.Select(x => 3.0 * Math.Pow(x, 1.5)).ToArray());
        Assert.Equal(1.5, exact.Exponent, 10);
        Assert.Equal(3.0, exact.Fit.Prefactor, 8);

        // replicates with 5% log-normal scatter: interval contains 1.5 and has the width expected from the scatter
        var rng = RandomStream.For(3, 0, "fit");
        var reps = d.Select(x => Enumerable.Range(0, 2000).Select(_ => 3.0 * Math.Pow(x, 1.5) * Math.Exp(0.05 * rng.NextGaussian())).ToArray()).ToArray();
        var noisy = ExponentFit.Estimate(d, d.Select(x => 3.0 * Math.Pow(x, 1.5)).ToArray(), reps);
        Assert.InRange(1.5, noisy.ReplicateCiLow, noisy.ReplicateCiHigh);
        // OLS slope sd = σ/√Σ(ln d − mean)² ; the 95% half-width ≈ 1.96 of that
        var lx = d.Select(v => Math.Log(v)).ToArray();
        double sdSlope = 0.05 / Math.Sqrt(lx.Sum(v => (v - lx.Average()) * (v - lx.Average())));
        Assert.Equal(1.96 * sdSlope, (noisy.ReplicateCiHigh - noisy.ReplicateCiLow) / 2, 2);
    }

    [Fact]
    public void CollapseScoreIsZeroForAPerfectCollapseAndFindsThePlantedExponent()
    {
        double[] sizes = [10, 20, 40, 80];
        const double k = 1.3;
        var curves = sizes.Select(s =>
        {
            var p = Enumerable.Range(0, 12).Select(i => Math.Pow(s, k) * Math.Pow(10, -0.3 + i * 0.15) * (1 + 0.01 * i * (s % 3))).ToArray();
            return new SizeCurve(s, p, p.Select(x => 1 / (1 + Math.Exp(-2 * (Math.Log(x / Math.Pow(s, k)) - 1)))).ToArray());
        }).ToList();
        var right = Collapse.Score(curves, k);
        var wrong = Collapse.Score(curves, 1.0);
        Assert.True(right.Score < 1e-4, $"score at the planted exponent {right.Score}");
        Assert.True(wrong.Score > 100 * right.Score, $"wrong exponent {wrong.Score} vs {right.Score}");
        Assert.InRange(wrong.Relative, 0.01, 1.5);
        var (best, _) = Collapse.BestExponent(curves);
        Assert.Equal(k, best, 1);
        Assert.InRange(best, k - 0.02, k + 0.02);
    }

    [Fact]
    public void CollapseOfDisjointCurvesIsUndefined()
    {
        var a = new SizeCurve(10, [1, 2], [0, 1]);
        var b = new SizeCurve(20, [1000, 2000], [0, 1]);
        Assert.True(double.IsNaN(Collapse.Score([a, b], 0).Score));
    }

    [Fact]
    public void VerdictLinesHaveTheAgreedFormat()
    {
        var v = Verdicts.Exponent("P*", "d", 1.03, 0.96, 1.10, paper: 1, theory: 0.98);
        Assert.Equal("P* ∝ d^(1.03 ± 0.07); paper: d^1; theory (LDT): d^0.98 — paper's exponent inside the 95% CI", v.Text);
        Assert.True(v.AgreesWithPaper);
        var w = Verdicts.Exponent("P*", "d", 1.5, 1.4, 1.6, paper: 1);
        Assert.Equal("P* ∝ d^(1.50 ± 0.10); paper: d^1 — paper's exponent OUTSIDE the 95% CI", w.Text);
        Assert.False(w.AgreesWithPaper);
        var x = Verdicts.Exponent("M", "√(N/d)", 0.9, double.NaN, double.NaN);
        Assert.Equal("M ∝ √(N/d)^0.90", x.Text);
        Assert.Null(x.AgreesWithPaper);
        // The main job's old "agreement": an interval of ±0.64 cannot disagree, so it is inconclusive, not a ✓.
        var y = Verdicts.Exponent("P*", "d", 0.60, -0.04, 1.24, paper: 1, theory: 1.05);
        Assert.Equal("P* ∝ d^(0.60 ± 0.64); paper: d^1; theory (LDT): d^1.05 — inconclusive: the 95% CI (±0.64) " +
            "is wider than the tolerance ±0.15", y.Text);
        Assert.Null(y.AgreesWithPaper);
        // Just inside the tolerance it can agree; a paper value outside a wide interval still disagrees.
        Assert.True(Verdicts.Exponent("P*", "d", 1.0, 0.86, 1.14, paper: 1).AgreesWithPaper);
        Assert.False(Verdicts.Exponent("P*", "d", 2.0, 1.36, 2.64, paper: 1).AgreesWithPaper);
        // a half-width that rounds to the tolerance is shown to three digits, so the reason reads
        Assert.EndsWith("the 95% CI (±0.152) is wider than the tolerance ±0.15",
            Verdicts.Exponent("P*", "d", 1.0, 0.848, 1.152, paper: 1).Text);
    }
}
