using FeatureScale.Data;
using FeatureScale.Experiments;
using FeatureScale.Reproductions;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reproductions;

/// <summary>The k2f-linear and grok-modadd reproductions at tiny sizes (files, verdicts, resumption) and the modular GP.</summary>
public class ChiReproductionTests
{
    [Theory]
    [InlineData(4.0, 1.0)]
    [InlineData(0.3, 2.5)]
    public void ModularGpOnTheFullTableHasTargetEigenvalueFourSigmaA2(double sigma2, double sigmaA2)
    {
        // Independent closed form: the NNGP of the square network restricted to the target modes is 4σ_a² (2K² ⊃ 4δ_nn'δ_mm').
        var all = new ModularAdditionData(5).All(centred: true);
        var gp = ModularReproduction.Gp(all, all, 10, sigmaA2, sigma2)!;
        double expected = sigma2 / (4 * sigmaA2 + sigma2);
        Assert.Equal(expected, gp.TrainDiscrepancy, 10);
        Assert.Equal(expected, gp.TestDiscrepancy, 10);
    }

    [Fact]
    public void BothReproductionsAreRegistered()
    {
        Assert.True(ReproductionCatalog.Get("k2f-linear").Available);
        Assert.True(ReproductionCatalog.Get("grok-modadd").Available);
    }

    [Fact]
    public void K2fLinearWritesTheoryLangevinAndPlotsAndResumes()
    {
        using var dir = new TempDir();
        var sizes = new LinearChiSizes(3, 6, 4, 20, 1, 1, 0.2, 0.5, 8, 5, [1, 4], new LinearChiEnsembleOptions(Chains: 4, Burnin: 500, Steps: 4000, Thin: 10, Seed: 2));
        var ctx = new ReproductionContext(ReproductionMode.Quick, dir.Path, NullProgress.Instance, TextWriter.Null);
        var r = K2fLinear.Run(ctx, sizes);
        foreach (var f in new[] { "theory_vs_chi.csv", "langevin_vs_chi.csv", "train_discrepancy_vs_chi.png", "test_discrepancy_vs_chi.svg", "config.json" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir.Path, "theory_vs_chi.csv")).Skip(1).Count(l => l.StartsWith("0.5,")));
        Assert.Contains(r.Verdicts, v => v.Text.StartsWith("χ = 4:"));
        var again = K2fLinear.Run(ctx, sizes); // cached ensembles: identical verdicts
        Assert.Equal(r.Verdicts.Select(v => v.Text), again.Verdicts.Select(v => v.Text));
    }

    [Fact]
    public void GrokModAddWritesTableGpAndTheoryColumns()
    {
        using var dir = new TempDir();
        var sizes = new ModularSizes(5, 6, 1, 1e-4, [4, 1], 0.8, 2, 200, 1000, 50, [4, 6], 4);
        var r = ModularReproduction.GrokModAdd(new ReproductionContext(ReproductionMode.Quick, dir.Path, NullProgress.Instance, TextWriter.Null), sizes);
        var lines = File.ReadAllLines(Path.Combine(dir.Path, "discrepancy_vs_sigma2.csv"));
        Assert.Equal(3, lines.Length);
        Assert.Contains("gp_train_discrepancy", lines[0]);
        Assert.True(File.Exists(Path.Combine(dir.Path, "discrepancy_vs_sigma2.png")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "width_check.csv")));
        Assert.Contains(r.Verdicts, v => v.Text.StartsWith("finite width"));
    }
}

/// <summary>Fourier order parameters of modular-addition neurons.</summary>
public class ModularFourierTests
{
    [Theory]
    [InlineData(7, 2)]
    [InlineData(11, 3)]
    public void CosineNeuronPeaksAtItsFrequencyWithPSquaredOverSixteen(int p, int k)
    {
        // w_n = cos(2πkn/P): w_k = 1/2 exactly, so P²Φ_kΨ_k = P²/16 at frequency k and 0 elsewhere.
        var w = new double[2 * p];
        for (int n = 0; n < p; n++) { w[n] = Math.Cos(2 * Math.PI * k * n / p); w[p + n] = Math.Cos(2 * Math.PI * k * n / p + 0.7); }
        var (peak, kk) = FeatureScale.Observables.ModularFourier.PeakOverlap(w, p);
        Assert.Equal(k, kk);
        Assert.Equal(p * p / 16.0, peak, 10);
    }

    [Fact]
    public void PriorMeanOfPSquaredPhiPsiIsOne()
    {
        // P = 3 has one independent frequency: under w ~ N(0, I), Φ_1 and Ψ_1 are independent with mean 1/P.
        var rng = FeatureScale.Numerics.RandomStream.For(7, 0, "fourier-test");
        var w = new double[6];
        double sum = 0; int draws = 20000;
        for (int i = 0; i < draws; i++) { rng.FillGaussian(w); sum += FeatureScale.Observables.ModularFourier.PeakOverlap(w, 3).Peak; }
        Assert.InRange(sum / draws, 0.94, 1.06);
        double q = FeatureScale.Observables.ModularFourier.PriorQuantile(7, 0.99, 2000);
        Assert.True(q > 1 && q < 49 / 16.0 * 10, $"99th percentile {q}");
    }
}
