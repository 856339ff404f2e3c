using FeatureScale.Numerics;
using FeatureScale.Analysis;
using FeatureScale.Reproductions;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reproductions;

/// <summary>Fig. 3b (attention) and Fig. 7b (2-parity) reproductions: analysis logic, baselines and tiny end-to-end runs.</summary>
public class ArchReproductionTests
{
    [Fact]
    public void AttentionAnalysisRecoversTheSqrtLD3ScalingOfSyntheticCurves()
    {
        // A_f = 0.6 x/(1+x) with x = P/(2√(L d³)): crosses 0.3 exactly at P* = 2√(L d³) (a grid point).
        var series = new List<Fig3b.AttentionSeries>();
        foreach (var (d, l) in new[] { (4, 8), (4, 32), (8, 8), (8, 32) })
        {
            double scale = Math.Sqrt(l * Math.Pow(d, 3));
            var p = new[] { 0.25, 0.5, 1, 2, 4 }.Select(x => 2 * x * scale).ToArray();
            var af = p.Select(v => 0.6 * (v / (2 * scale)) / (1 + v / (2 * scale))).ToArray();
            series.Add(new(d, l, p, af, new double[p.Length], new double[p.Length], PStar.Find(p, af, 0.3)));
        }
        Assert.All(series, s => Assert.Equal(2 * s.Scale, s.PStar.Value, 6));
        var (slopes, spread, lazySpread) = Fig3b.AnalyseAttention(series);
        Assert.Equal(4, slopes.Count);
        foreach (var (label, k) in slopes) Assert.Equal(label.StartsWith('L') ? 0.5 : 1.5, k, 6);
        Assert.Equal(1, spread, 6);
        // lazy scaling P*/(L d³) = 2/√(L d³) does not collapse: max/min = √(32·8³ / (8·4³)) = √32
        Assert.Equal(Math.Sqrt(32), lazySpread, 6);
    }

    [Fact]
    public void PatternEngineExponentsAreThePapers()
    {
        var (l, d) = Fig3b.AttentionEngineExponents();
        Assert.Equal((0.5, 1.5), (l, d));
        var (n, dm) = Fig7b.ParityEngineMuExponents();
        Assert.Equal((0.25, -0.25), (n, dm));
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(16, 8)]
    public void PriorMaxProjectionMatchesQuadrature(int n, int d)
    {
        // E max_j |z_j| = ∫_0^∞ [1 − P(|z| < x)^n] dx, P(|z| < x) = erf(x/√2).
        double exact = Quadrature.Integrate(x => 1 - Math.Pow(Elementwise.ErfScalar(x / Math.Sqrt(2)), n), 0, double.PositiveInfinity, 1e-10, 1e-10).Value / Math.Sqrt(d);
        double mc = Fig7b.PriorMaxProjection(n, d, draws: 20000);
        Assert.InRange(mc, exact * 0.98, exact * 1.02);
    }

    [Fact]
    public void Fig7bTinyRunWritesItsFilesAndResumes()
    {
        using var dir = new TempDir();
        var sizes = new ParitySizes(4, 40, 0.05, 0.1, [4, 8], 2, 10, 20, 10, 200);
        var ctx = new ReproductionContext(ReproductionMode.Quick, dir.Path, NullProgress.Instance, TextWriter.Null);
        ResumableReproduction.Check(() => Fig7b.Run(ctx, sizes), dir.Path, "μ-Sp magnitude",
            ["mu_vs_width.csv", "mu_vs_width.png", "mu_vs_width.svg", "fig7a_density.csv", "fig7a_neg_log_density.svg"],
            Path.Combine("runs", "N8", "summary.json"));
    }

    [Fact]
    public void Fig7bPoolsTrainingSetsAndCallsUnmixedRunsInconclusive()
    {
        using var dir = new TempDir();
        // chains far too short to mix (R̂ > 1.1 somewhere is near certain): the exponent verdict must not judge
        var sizes = new ParitySizes(4, 40, 0.05, 0.1, [4, 8], 2, 2, 4, 4, 200) { Seeds = [1, 2] };
        var result = Fig7b.Run(new ReproductionContext(ReproductionMode.Quick, dir.Path, NullProgress.Instance,
            TextWriter.Null), sizes);
        foreach (var key in new[] { "N4_seed1", "N4_seed2", "N8_seed1", "N8_seed2" })
            Assert.True(File.Exists(Path.Combine(dir.Path, "runs", key, "summary.json")), key);
        var mu = result.Verdicts[0];
        Assert.StartsWith("μ-Sp magnitude", mu.Text);
        Assert.Contains("runs have split-R̂ > 1.1", mu.Text);
        Assert.Null(mu.AgreesWithPaper);
        Assert.Contains("2 training sets", result.Verdicts[2].Text);
    }

    /// <summary>
    /// The --standard sizes of Fig. 3b and 7b: more runs than quick, every run a valid train config, BAOAB, chains
    /// extended towards R̂ 1.05; quick keeps its sampler (its stored runs stay valid).
    /// </summary>
    [Fact]
    public void StandardSizesAreBiggerValidAndUseBaoabWithExtension()
    {
        var executor = FeatureScale.Sweeps.RunExecutors.Create(FeatureScale.Experiments.TrainExecutor.Name);
        System.Text.Json.Nodes.JsonObject Json(FeatureScale.Experiments.TrainConfig c) =>
            System.Text.Json.JsonSerializer.SerializeToNode(c, FeatureScale.Reporting.Json.Options)!.AsObject();
        var (aq, a) = (AttentionSizes.For(ReproductionMode.Quick), AttentionSizes.For(ReproductionMode.Standard));
        Assert.True(a.Series.Length * a.Ratios.Length > aq.Series.Length * aq.Ratios.Length);
        var (pq, p) = (ParitySizes.For(ReproductionMode.Quick), ParitySizes.For(ReproductionMode.Standard));
        Assert.True(p.Widths.Length * p.Seeds.Length > pq.Widths.Length * pq.Seeds.Length);
        var configs = a.Series.SelectMany(t => a.Ratios.Select(x => a.Config(t.D, t.L, x)))
            .Concat(p.Widths.SelectMany(n => p.Seeds.Select(seed => p.Config(n, seed)))).ToList();
        foreach (var c in configs)
        {
            executor.Validate(Json(c));
            Assert.Equal("baoab", c.Sampler.Name);
            Assert.Equal(1.05, c.RhatTarget);
        }
        Assert.Equal("baoab", aq.Config(4, 8, 1).Sampler.Name);         // every mode: ULA did not mix here
        Assert.Equal("baoab", pq.Config(8).Sampler.Name);
        Assert.Equal("baoab", ParitySizes.Full.Config(16).Sampler.Name);
        Assert.Null(pq.Config(8).RhatTarget);
        Assert.Equal("N8", pq.Key(8, 1));
        foreach (var id in new[] { "fig3b", "fig7b" })
            Assert.True(ReproductionCatalog.All.Single(r => r.Id == id).HasStandard, id);
    }

    [Fact]
    public void Fig3bTinyRunWritesItsFiles()
    {
        using var dir = new TempDir();
        var sizes = new AttentionSizes([(3, 4)], [1, 3], 2, 0.1, 2, 20, 40, 10, 20, 0.3);
        var result = Fig3b.Run(
            new ReproductionContext(ReproductionMode.Quick, dir.Path, NullProgress.Instance, TextWriter.Null), sizes);
        Assert.Equal(4, result.Verdicts.Count);
        foreach (var f in new[] { "alignment_vs_p.csv", "pstar.csv", "alignment_vs_p_over_sqrt_L_d3.png", "alignment_vs_p_over_sqrt_L_d3.svg" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir.Path, "alignment_vs_p.csv")).Length);
    }
}
