using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reporting;

/// <summary>Outputs people read: figures fitted to their data, math text, results.csv columns, the report's layout.</summary>
public class OutputTests
{
    private const string Spec = """
    {"name":"outputs-test","executor":"synthetic-alignment","base":{"chains":4},
     "grid":{"d":[8,16,24],"$alpha":[1,2.5,5,10,20,40],"seed":[1,2]},"derive":{"P":"round($alpha*d)"},
     "analysis":{"kind":"pstar_scaling","predicted_exponent":1,"paper_exponent":1,"bootstrap":200}}
    """;

    [Fact]
    public void LogAxesAreFittedToTheDataWithoutEmptyDecades()
    {
        // d = 8…24 used to be drawn on a 1…100 axis; points at the ends sat on the frame
        double[] d = [8, 12, 16, 24], pStar = [80, 118, 165, 236], err = [8, 10, 15, 30];
        var figure = new FigureBuilder("P* vs d", "d", "P*", logX: true, logY: true).Series("measured", d, pStar, err);
        Assert.Empty(figure.PointsOutsideAxes());
        var (left, right, bottom, top) = figure.Limits();
        double span = Math.Log10(24) - Math.Log10(8);
        Assert.InRange(left, Math.Log10(8) - 0.1 * span, Math.Log10(8) - 0.01 * span);   // a margin, not a decade
        Assert.InRange(right, Math.Log10(24) + 0.01 * span, Math.Log10(24) + 0.1 * span);
        Assert.True(top - bottom < 1, $"y axis spans {top - bottom:0.00} decades for data within 0.6");
        Assert.True(bottom < Math.Log10(80 - 8) && top > Math.Log10(236 + 30), "error bars are inside the axes");
    }

    [Theory]
    [InlineData(85, 330)]      // fig2b's P* axis: only 100 and 200 were labelled
    [InlineData(40, 900)]      // 1-2-5 labels
    [InlineData(1, 1e5)]       // decades
    [InlineData(150, 190)]     // inside one 1…9 step: at least the ends' neighbours
    [InlineData(11.6, 24.5)]   // the collapse axis P/d of the main job: only 20 was labelled
    [InlineData(76, 94)]       // 80, 90 and the half steps
    public void LogAxesLabelAtLeastThreeTicksInsideTheirRange(double lo, double hi)
    {
        var labelled = FigureBuilder.LogTickMarks(Math.Log10(lo), Math.Log10(hi))
            .Where(t => t.Label is not null && t.Position >= Math.Log10(lo) && t.Position <= Math.Log10(hi)).ToList();
        Assert.True(labelled.Count >= 3 || hi / lo < 1.5,
            $"{labelled.Count} labels on {lo}…{hi}: " + string.Join(", ", labelled.Select(t => t.Label)));
        Assert.True(labelled.Count <= 12, $"{labelled.Count} labels on {lo}…{hi} is crowded");
    }

    [Fact]
    public void LinearAxesKeepEveryPointAndErrorBarInside()
    {
        var figure = new FigureBuilder("A_f vs P", "P", "A_f").Series("m", [1, 2, 3], [0.1, 0.5, 0.9], [0.05, 0.1, 0.2])
            .HorizontalLine(0.1);
        Assert.Empty(figure.PointsOutsideAxes());
        var (_, _, bottom, top) = figure.Limits();
        Assert.InRange(top, 1.1, 1.2);
        Assert.InRange(bottom, -0.1, 0.05);
    }

    [Theory]
    [InlineData("P/d^1", "P/d¹")]
    [InlineData("∝ d^{1.03}", "∝ d¹·⁰³")]
    [InlineData("∝ d^0.60", "∝ d⁰·⁶⁰")]
    [InlineData("d^{1.03 ± 0.07}", "d^(1.03 ± 0.07)")]
    [InlineData("σ^2 and x_{12}", "σ² and x₁₂")]
    [InlineData("A_f vs P", "A_f vs P")]
    [InlineData("test_points", "test_points")]
    [InlineData("alignment.mean", "A_f (alignment)")]
    [InlineData("y propto x^-1", "y ∝ x⁻¹")]
    public void MathTextUsesUnicodeSuperscriptsAndSubscriptsWhereTheyExist(string raw, string shown) =>
        Assert.Equal(shown, MathText.Format(raw));

    [Theory]
    [InlineData("A_f vs P", true, "A|Sub:f| vs P")]
    [InlineData("∝ d^{1.03 ± 0.07}", false, "∝ d|Super:1.03 ± 0.07")]
    [InlineData("σ^2 and x_{12}", true, "σ|Super:2| and x|Sub:12")]
    [InlineData("test_points", true, "test_points")]
    [InlineData("(N/d)^(0.49 ± 0.07); N*d^(1/2)", false, "(N/d)|Super:0.49 ± 0.07|; N*d|Super:1/2")]
    [InlineData("x^(a(b))", false, "x^(a(b))")]
    public void MathTextSplitsLabelsIntoBaselineSubscriptAndSuperscriptRuns(string raw, bool _, string runs) =>
        Assert.Equal(runs, string.Join("|", MathText.Parse(raw).Select(r =>
            r.Script == MathScript.Normal ? r.Text : $"{r.Script}:{r.Text}")));

    [Fact]
    public void LabelsUnicodeCannotSetAreDrawnWithALoweredOrRaisedScript()
    {
        // A_f has no Unicode subscript f and "1.03 ± 0.07" no superscript ±: the figure draws them as small runs
        string svg = new FigureBuilder("A_f vs P", "P/d^{1.03 ± 0.07}", "A_f")
            .Series("measured A_f", [1, 2, 3], [0.1, 0.5, 0.9]).HorizontalLine(0.1, "A_f = 0.1").ToSvg();
        var texts = System.Text.RegularExpressions.Regex.Matches(svg, "<text[^>]*font-size=\"([0-9.]+)\"[^>]*>([^<]*)<")
            .Select(m => (Size: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                          Text: System.Net.WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        double Size(string text) => texts.Where(t => t.Text.Trim() == text).Select(t => t.Size).DefaultIfEmpty(0).Max();
        Assert.True(Size("f") > 0, "the subscript f is drawn: " + string.Join(" | ", texts.Select(t => t.Text)));
        Assert.InRange(Size("f") / Size("A"), 0.6, 0.8);                  // smaller than the A it belongs to
        Assert.True(Size("1.03 ± 0.07") > 0 && Size("1.03 ± 0.07") < Size("P/d"), "the exponent is a superscript");
        Assert.True(Size("measured A") > 0 && Size("= 0.1") > 0, "legend names are drawn with their scripts");
        new FigureBuilder("A_f vs P", "P/d^{1.03 ± 0.07}", "A_f").Series("measured A_f", [1, 2, 3], [0.1, 0.5, 0.9])
            .HorizontalLine(0.1, "A_f = 0.1").Save(Path.Combine(Path.GetTempPath(), "fs-richlabel"));
    }

    [Fact]
    public void TheLegendGoesToTheCornerWithTheFewestPoints()
    {
        // a rising curve fills the upper right and lower left: the legend used to hide the last point
        var rising = new FigureBuilder("A_f vs P", "P", "A_f").Series("m", [1, 2, 3, 4], [0.1, 0.2, 0.5, 0.9]);
        Assert.Equal(ScottPlot.Alignment.UpperLeft, rising.LegendPosition());
        var falling = new FigureBuilder("MSE vs P", "P", "MSE").Series("m", [1, 2, 3, 4], [0.9, 0.5, 0.2, 0.1]);
        Assert.Equal(ScottPlot.Alignment.UpperRight, falling.LegendPosition());
        var pinned = new FigureBuilder("x", "P", "y").Series("m", [1, 2], [1, 2])
            .Legend(ScottPlot.Alignment.LowerRight);
        Assert.Equal(ScottPlot.Alignment.LowerRight, pinned.LegendPosition());
    }

    [Fact]
    public void ResultsColumnsAreUniqueAndVariablesLoseTheirDollar()
    {
        var cols = SweepStore.ResultsColumns(["$alpha", "steps", "alpha"], ["steps", "alignment.mean", "key"]);
        Assert.Equal(["index", "key", "alpha", "steps", "var.alpha", "summary.steps", "alignment.mean", "summary.key"], cols);
    }

    [Fact]
    public void SyntheticSweepFiguresAreAtPaperSizeWithTheirDataInsideTheAxesAndTheReportReadsOnOneScreen()
    {
        using var tmp = new TempDir();
        SweepRunner.Run(SweepSpec.Parse(Spec), tmp.Path, Shard.All, NullProgress.Instance);
        SweepAnalysis.Analyse(tmp.Path);

        var (cols, rows) = CsvTable.Read(Path.Combine(tmp.Path, "results.csv"));
        Assert.Equal(cols.Length, cols.Distinct().Count());
        Assert.DoesNotContain(cols, c => c.StartsWith('$'));
        Assert.Contains("alpha", cols);
        Assert.Equal(36, rows.Count);

        var analysis = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "analysis", "analysis.json")))!;
        var figures = analysis["figures"]!.AsObject();
        Assert.Equal(["alignment_vs_p", "pstar_vs_size", "collapse"], figures.Select(f => f.Key));
        foreach (var (name, f) in figures)
        {
            Assert.Equal(0, f!["points_outside_axes"]!.GetValue<int>());
            var png = File.ReadAllBytes(Path.Combine(tmp.Path, "analysis", name + ".png"));
            Assert.Equal(FigureStyle.PixelSize(FigureWidth.Page), (BigEndian(png, 16), BigEndian(png, 20)));
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(tmp.Path, "analysis", name + ".svg")));
        }

        string html = File.ReadAllText(HtmlReport.Write(tmp.Path));
        Assert.Contains("<details><summary>results.csv", html);                 // the wide table starts collapsed
        Assert.Contains("<details open><summary>analysis/pstar.csv", html);      // the theory-vs-experiment one open
        Assert.Equal(1, CountOf(html, "<summary>sweep spec (config)</summary>")); // the config once
        Assert.DoesNotContain("<summary>config</summary>", html);
        Assert.Contains("<li class=\"info\"><span class=\"tag\">information</span>", html);  // the collapse line
        Assert.True(html.IndexOf("<ul class=\"verdicts\">", StringComparison.Ordinal) < html.IndexOf("<figure>", StringComparison.Ordinal));
    }

    private static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];

    private static int CountOf(string s, string part) =>
        (s.Length - s.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
