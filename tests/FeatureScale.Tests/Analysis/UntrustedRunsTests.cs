using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Analysis;

/// <summary>
/// Issue #13: a P* verdict resting on runs whose chains have not mixed (split-R̂ above the analysis's rhat_max) is
/// inconclusive, whichever way its interval points; each verdict states its own tolerance.
/// </summary>
public class UntrustedRunsTests
{
    private static string Spec(double rhat, string extra = "") =>
        ("{'name':'rhat-test','executor':'synthetic-alignment','base':{'chains':4,'noise':0.005,'rhat':RHAT}," +
        "'grid':{'d':[10,20,40],'$alpha':[2.5,5,10,20,40],'seed':[1,2]},'derive':{'P':'round($alpha*d)'}," +
        "'analysis':{'kind':'pstar_scaling','paper_exponent':1,'bootstrap':300,'rhat':'rhat'EXTRA}}")
            .Replace('\'', '"').Replace("RHAT", rhat.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("EXTRA", extra);

    private static (Verdict Verdict, JsonObject Analysis) Analyse(string spec)
    {
        using var tmp = new TempDir();
        SweepRunner.Run(SweepSpec.Parse(spec), tmp.Path, Shard.All, NullProgress.Instance);
        var v = SweepAnalysis.Run(tmp.Path).Verdicts[0];
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "analysis", "analysis.json")))!.AsObject();
        return (v, json);
    }

    [Fact]
    public void MixedChainsGiveAVerdictUnmixedOnesMakeItInconclusive()
    {
        var (mixed, mixedJson) = Analyse(Spec(1.0));
        Assert.True(mixed.AgreesWithPaper, mixed.Text);            // the planted exponent 1, tight interval
        Assert.Empty(mixedJson["untrusted_runs"]!.AsArray());
        Assert.Equal(30, mixedJson["runs_used"]!.GetValue<int>());

        var (stuck, stuckJson) = Analyse(Spec(1.3));
        Assert.Null(stuck.AgreesWithPaper);
        Assert.Equal("inconclusive", stuck.Status);
        Assert.Contains("30 of 30 runs have split-R̂ > 1.1", stuck.Text);
        Assert.Equal(30, stuckJson["untrusted_runs"]!.AsArray().Count);
        Assert.Equal(1.3, stuckJson["untrusted_runs"]![0]!["rhat"]!.GetValue<double>());

        // the threshold is the spec's: at rhat_max 1.5 the same runs are trusted again
        var (lenient, _) = Analyse(Spec(1.3, ",\"rhat_max\":1.5"));
        Assert.True(lenient.AgreesWithPaper, lenient.Text);
    }

    [Fact]
    public void EachVerdictStatesItsOwnTolerance()
    {
        var (strict, json) = Analyse(Spec(1.0, ",\"tolerance\":0.001"));
        Assert.Null(strict.AgreesWithPaper);
        Assert.Contains("wider than the tolerance ±0.00", strict.Text);
        Assert.Equal(0.001, strict.Numbers!.Tolerance);
        Assert.Equal(0.001, json["tolerance"]!.GetValue<double>());
        Assert.Throws<ConfigException>(() => PStarAnalysisSettings.From(
            JsonNode.Parse("""{"kind":"pstar_scaling","tolerance":0}""")!.AsObject()));
        Assert.Throws<ConfigException>(() => PStarAnalysisSettings.From(
            JsonNode.Parse("""{"kind":"pstar_scaling","rhat_max":0.9}""")!.AsObject()));
    }

    [Theory]
    [InlineData(1.0, true)]
    [InlineData(1.3, false)]
    public void APowerLawVerdictOnUnmixedRunsIsInconclusiveToo(double rhat, bool trusted)
    {
        // the synthetic count is 3·√(N/d)·A_f with A_f ≈ 1 at P = 2000 ≫ P*: exponent 1/2 with a tight interval
        string spec = ("{'name':'count','executor':'synthetic-alignment','base':{'d':10,'P':2000,'chains':4," +
            "'noise':0.002,'rhat':RHAT},'grid':{'$ratio':[1,2,4,8],'seed':[1,2,3]}," +
            "'derive':{'width':'round($ratio*d)'},'analysis':{'kind':'power_law','x':'width/d'," +
            "'y':'specialised.0.mean','paper_exponent':0.5,'rhat':'rhat'}}")
            .Replace('\'', '"').Replace("RHAT", rhat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var tmp = new TempDir();
        SweepRunner.Run(SweepSpec.Parse(spec), tmp.Path, Shard.All, NullProgress.Instance);
        var (_, verdicts) = PowerLawAnalysis.Run(tmp.Path);
        if (trusted) Assert.True(verdicts[0].AgreesWithPaper, verdicts[0].Text);
        else
        {
            Assert.Null(verdicts[0].AgreesWithPaper);
            Assert.Contains("but inconclusive: 12 of 12 runs have split-R̂ > 1.1", verdicts[0].Text);
        }
    }

    [Fact]
    public void AnAsymmetricIntervalIsPrintedByItsEnds()
    {
        var v = Verdicts.Exponent("P*", "d", 0.60, 0.06, 1.34, paper: 1, theory: 1.05);
        Assert.StartsWith("P* ∝ d^0.60 (95% CI 0.06 … 1.34); paper: d^1", v.Text);
        Assert.Null(v.AgreesWithPaper);
    }
}
