using System.Text.RegularExpressions;
using FeatureScale.Reporting;
using FeatureScale.Reproductions;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reproductions;

/// <summary>
/// Every figure a quick reproduction writes has its data inside the axes (#17): the main job's headline (Fig. 2b
/// and 2c with their analyses, refinement round included) run end to end with the synthetic executor, then every
/// SVG it wrote read for the check it carries (<see cref="FigureBuilder.CheckPrefix"/>), each beside its PNG.
/// </summary>
public partial class FigureAxesTests
{
    [GeneratedRegex(@"<!-- featurescale: points_drawn=(\d+) points_outside_axes=(\d+) -->")]
    private static partial Regex Check();

    /// <summary>Asserts the check of every SVG under dir; returns how many there are.</summary>
    internal static int AssertEveryFigureInsideItsAxes(string dir)
    {
        var svgs = Directory.GetFiles(dir, "*.svg", SearchOption.AllDirectories);
        foreach (var svg in svgs)
        {
            var m = Check().Match(File.ReadAllText(svg));
            Assert.True(m.Success, $"{svg} carries no axes check");
            Assert.True(int.Parse(m.Groups[1].Value) > 0, $"{svg}: no data drawn");
            Assert.True(m.Groups[2].Value == "0", $"{svg}: {m.Groups[2].Value} points outside the axes");
            Assert.True(File.Exists(Path.ChangeExtension(svg, ".png")), $"{svg} has no PNG beside it");
        }
        return svgs.Length;
    }

    [Fact]
    public void EveryFigureOfTheQuickHeadlineHasItsDataInsideTheAxes()
    {
        using var tmp = new TempDir();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, TextWriter.Null)
        {
            Executor = new SyntheticAlignmentExecutor(),
        };
        var result = Headline.Run(ctx);
        Assert.Contains(result.Verdicts,
            v => v.Text.StartsWith(SweepAnalysis.SyntheticPrefix, StringComparison.Ordinal));
        // pstar_vs_d, specialised_vs_width, and the sweeps' analyses (A_f vs P, collapse, P* vs d; the power law)
        Assert.True(AssertEveryFigureInsideItsAxes(tmp.Path) >= 5);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "pstar_vs_d.svg")));
        Assert.True(File.Exists(Path.Combine(tmp.Path, "specialised_vs_width.svg")));
    }
}
