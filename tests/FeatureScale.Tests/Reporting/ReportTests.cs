using System.Diagnostics;
using System.Text.RegularExpressions;
using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Reproductions;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reporting;

/// <summary>Finds Debian's chromium (installed by .ci/run).</summary>
internal static class Chromium
{
    public static string? Path { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    /// <summary>Loads a local page headless, lets its scripts run, and returns the resulting DOM.</summary>
    public static string DumpDom(string htmlPath)
    {
        var profile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fs-chromium-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(profile);
        try
        {
            var psi = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1000", "--virtual-time-budget=10000", "--dump-dom",
                         new Uri(htmlPath).AbsoluteUri })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string dom = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(90_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException("chromium did not finish"); }
            _ = err.Result;
            return dom;
        }
        finally { try { Directory.Delete(profile, recursive: true); } catch (IOException) { } }
    }
}

/// <summary>A fact that is skipped, with the reason, when chromium is not installed (CI installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = "chromium is not installed (apt-get install chromium; .ci/run installs it)";
    }
}

public class ReportTests
{
    private const string Spec = """
    {"name":"report-test","description":"synthetic demo","executor":"synthetic-alignment","base":{"chains":4},
     "grid":{"d":[10,20,40],"$alpha":[2.5,5,10,20,40],"seed":[1,2]},"derive":{"P":"round($alpha*d)"},
     "analysis":{"kind":"pstar_scaling","predicted_exponent":1,"paper_exponent":1,"bootstrap":300}}
    """;

    [Fact]
    public void AnalysisOfTheSyntheticSweepRecoversThePlantedExponentAndSaysItIsSynthetic()
    {
        using var tmp = new TempDir();
        SweepRunner.Run(SweepSpec.Parse(Spec), tmp.Path, Shard.All, NullProgress.Instance);
        var result = SweepAnalysis.Run(tmp.Path);
        Assert.True(result.Synthetic);
        Assert.Equal(3, result.PerSize.Count);
        Assert.NotNull(result.Fit);
        Assert.InRange(1.0, result.Fit!.Ci.Low, result.Fit.Ci.High);
        Assert.InRange(result.Fit.Exponent, 0.9, 1.1);
        Assert.All(result.Verdicts, v => Assert.StartsWith(SweepAnalysis.SyntheticPrefix, v.Text));
        foreach (var f in new[] { "curves.csv", "pstar.csv", "analysis.json", "verdicts.json", "manifest.json",
                     "alignment_vs_p.png", "alignment_vs_p.svg", "pstar_vs_size.png", "pstar_vs_size.svg", "collapse.png", "collapse.svg" })
            Assert.True(File.Exists(Path.Combine(tmp.Path, "analysis", f)), f);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(tmp.Path, "analysis", "collapse.svg"))[..200]);
    }

    [Fact]
    public void WithOneRunPerPointTheBootstrapUsesTheRunsStandardError()
    {
        // one ensemble (16 chains) per (d, P), as a trainer sweep with a single seed gives
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""
        {"executor":"synthetic-alignment","base":{"chains":16,"seed":5},"grid":{"d":[10,20,40,80],"$alpha":[2.5,5,10,20,40]},
         "derive":{"P":"round($alpha*d)"},"analysis":{"kind":"pstar_scaling","paper_exponent":1,"bootstrap":500}}
        """);
        SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance);
        var result = SweepAnalysis.Run(tmp.Path);
        foreach (var (size, est, _, samples) in result.PerSize)
        {
            Assert.Equal(5, samples);
            Assert.True(est.CiHigh > est.CiLow, $"d={size}: the interval has no width");
            double[] p = [2.5 * size, 5 * size, 10 * size, 20 * size, 40 * size];
            double onGrid = PStar.Find(p, p.Select(x => SyntheticAlignmentExecutor.Curve(Math.Round(x), size)).ToArray()).Value;
            Assert.InRange(onGrid, est.CiLow, est.CiHigh);
        }
        Assert.InRange(1.0, result.Fit!.ReplicateCiLow, result.Fit.ReplicateCiHigh);
    }

    [Fact]
    public void PowerLawAnalysisRecoversTheSyntheticSquareRootLaw()
    {
        // synthetic specialised count = 3·√(width/d)·A_f with A_f ≈ 1 at P = 100·P*
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""
        {"executor":"synthetic-alignment","base":{"d":40,"P":40000,"chains":4},"grid":{"width":[40,80,160,320,640],"seed":[1,2]},
         "analysis":{"kind":"power_law","x":"width/d","y":"specialised.0.mean","y_sem":"specialised.0.sem","quantity":"M","variable":"(N/d)",
                     "paper_exponent":0.5,"bootstrap":500}}
        """);
        SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance);
        var verdicts = SweepAnalysis.Analyse(tmp.Path);
        var (fit, _) = PowerLawAnalysis.Run(tmp.Path);
        Assert.NotNull(fit);
        Assert.InRange(fit!.Exponent, 0.48, 0.52);
        Assert.InRange(0.5, fit.Ci.Low, fit.Ci.High);
        Assert.Single(verdicts);
        Assert.StartsWith(SweepAnalysis.SyntheticPrefix + "M ∝ (N/d)^(0.50 ± ", verdicts[0].Text);
        Assert.True(verdicts[0].AgreesWithPaper);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "analysis", "power_law.png")));
    }

    [ChromiumFact]
    public void ReportIsSelfContainedAndEveryFigureRendersInChromium()
    {
        using var tmp = new TempDir();
        string sweep = tmp.Sub("study");
        SweepRunner.Run(SweepSpec.Parse(Spec), sweep, Shard.All, NullProgress.Instance);
        SweepAnalysis.Run(sweep);
        // a second section, as a set of reproductions would have: a folder with a manifest, verdicts and a figure
        string repro = tmp.Sub("study/fig-demo");
        Directory.CreateDirectory(repro);
        Manifest.Create("reproduce demo", new { d = 40 }, 1, DateTimeOffset.UtcNow, 0.1).WriteTo(repro);
        SweepAnalysis.WriteVerdicts(repro, [new Verdict("P* ∝ d^(1.03 ± 0.07); paper: d^1 <&> escaped", true)]);
        StudyPlots.Write(Path.Combine(repro, "demo"), "demo", "x", "y", [new PlotSeries("s", [1, 2, 3], [1, 4, 9])], false, false);

        string html = File.ReadAllText(HtmlReport.Write(sweep));
        int pngs = Directory.GetFiles(Path.Combine(sweep, "analysis"), "*.png").Length + 1;
        Assert.Equal(pngs, Regex.Matches(html, "<img ").Count);
        Assert.DoesNotMatch("(src|href)=\"(https?:|//|file:)", html);      // nothing fetched from outside the page
        Assert.Contains("&lt;&amp;&gt; escaped", html);
        Assert.Contains("paper: d<sup>1</sup> &lt;&amp;&gt;", html);             // scripts set in the verdict lines
        Assert.Equal("A<sub>f</sub> &lt; 0.1 at d<sup>1.06</sup>", HtmlReport.MathHtml("A_f < 0.1 at d^1.06"));
        Assert.Contains("paper&#39;s exponent", html);
        Assert.Contains("runs finished: 30 of 30", html);
        Assert.Contains("openblas_core", html);                            // environment from manifest.json

        string dom = Chromium.DumpDom(Path.Combine(sweep, HtmlReport.FileName));
        var m = Regex.Match(dom, "id=\"render-check\" data-total=\"(\\d+)\" data-ok=\"(\\d+)\"");
        Assert.True(m.Success, "the page's figure check did not run in chromium");
        Assert.Equal(pngs, int.Parse(m.Groups[1].Value));
        Assert.Equal(pngs, int.Parse(m.Groups[2].Value));
        // fits a 1400-px window (wide tables scroll inside their box) and no script or load error
        var width = Regex.Match(dom, "data-page-width=\"(\\d+)\" data-window-width=\"(\\d+)\" data-errors=\"(\\d+)\"");
        Assert.True(width.Success, "the page's width check did not run in chromium");
        Assert.Equal(1400, int.Parse(width.Groups[2].Value));
        Assert.InRange(int.Parse(width.Groups[1].Value), 600, 1400);
        Assert.Equal(0, int.Parse(width.Groups[3].Value));

        // the check can fail: a truncated figure is counted as not rendered
        string png = Path.Combine(sweep, "analysis", "collapse.png");
        File.WriteAllBytes(png, File.ReadAllBytes(png)[..400]);
        HtmlReport.Write(sweep);
        var broken = Regex.Match(Chromium.DumpDom(Path.Combine(sweep, HtmlReport.FileName)), "id=\"render-check\" data-total=\"(\\d+)\" data-ok=\"(\\d+)\"");
        Assert.True(broken.Success);
        Assert.Equal(pngs, int.Parse(broken.Groups[1].Value));
        Assert.Equal(pngs - 1, int.Parse(broken.Groups[2].Value));
    }

    [Fact]
    public void ReportOfAFolderWithoutResultsIsAConfigError()
    {
        using var tmp = new TempDir();
        Assert.Throws<ConfigException>(() => HtmlReport.Write(tmp.Path));
        Assert.Throws<ConfigException>(() => HtmlReport.Write(tmp.Sub("missing")));
    }
}

public class ReproduceCliTests
{
    [Fact]
    public void ListShowsEveryReproductionOfTheIssue()
    {
        var (code, output, _) = CliProcess.Run("reproduce", "--list");
        Assert.Equal(0, code);
        foreach (var id in new[] { "headline", "fig2a", "fig2b", "fig2c", "fig3a", "fig3b", "fig3c", "fig5", "fig6", "fig7b", "fig8", "fig9", "table1",
                     "k2f-linear", "grok-modadd", "grok-fig2", "grok-fig3", "grok-fig4-6" })
            Assert.Contains(id + "\t", output);
        // Every id is unique and listed.
        Assert.Equal(ReproductionCatalog.All.Count, ReproductionCatalog.All.Select(r => r.Id).Distinct().Count());
        Assert.True(ReproductionCatalog.All.Count >= 18); // the 18 above and any figure added since (one file each)
        // the modes column says which take --standard
        Assert.Contains("fig7b\tavailable\tquick,standard,full\t", output);
        Assert.Contains("table1\tavailable\tquick,full\t", output);
    }

    [Fact]
    public void UnknownReproductionsSaySoWithANonZeroExit()
    {
        var (code, output, err) = CliProcess.Run("reproduce", "fig99", "--quick");
        Assert.Equal(2, code);
        Assert.StartsWith("featurescale: unknown reproduction 'fig99' (known: headline, fig2a,", err.Trim());
        Assert.DoesNotContain("\n", err.Trim());
        Assert.Equal("", output.Trim());
        Assert.All(ReproductionCatalog.All, r => Assert.True(r.Available, $"{r.Id} is not available"));
    }

    [Fact]
    public void SweepCommandRejectsBadInputWithOneLine()
    {
        using var tmp = new TempDir();
        var spec = tmp.Sub("bad.json");
        File.WriteAllText(spec, """{"executor":"synthetic-alignment","zip":[{"d":[1,2],"P":[3]}]}""");
        var r = CliProcess.Run("sweep", "run", spec, "--out", tmp.Sub("o"));
        Assert.Equal(2, r.Code);
        Assert.Single(r.Err.Trim().Split('\n'));
        var s = CliProcess.Run("sweep", "run", spec, "--out", tmp.Sub("o"), "--shard", "0/2");
        Assert.Equal(2, s.Code);
    }
}
