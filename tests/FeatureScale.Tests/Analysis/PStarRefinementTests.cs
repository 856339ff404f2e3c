using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Analysis;

/// <summary>
/// Issue #13 item 2: the adaptive design adds P values where the curve crosses the threshold (inside the 95%
/// interval), beyond the grid when it does not cross, nothing where the interval is already narrow; and the P*
/// analysis reads the refinement rounds' runs (DIR/refine/*) beside its own.
/// </summary>
public class PStarRefinementTests
{
    private static PStarEstimate Estimate(double value, double lo, double hi) =>
        new(new Crossing(value, CrossingKind.Interpolated), lo, hi, [], 1);

    [Fact]
    public void AWideIntervalGetsTheMidpointsOfTheBracketsItOverlaps()
    {
        // crossing between 200 and 400; the interval 180…420 also reaches into [100, 200] and [400, 800]
        var curve = new SizeCurve(10, [100, 200, 400, 800], [0.02, 0.06, 0.2, 0.3]);
        var wide = PStarRefinement.Next([curve], new Dictionary<double, PStarEstimate> { [10] = Estimate(290, 180, 420) },
            0.1, 0.05);
        Assert.Equal([Math.Sqrt(100 * 200.0), Math.Sqrt(200 * 400.0), Math.Sqrt(400 * 800.0)], wide.Select(t => t.P));
        Assert.All(wide, t => Assert.Equal(10, t.Size));

        // a tighter interval inside the crossing's bracket: only that bracket
        var inside = PStarRefinement.Next([curve], new Dictionary<double, PStarEstimate> { [10] = Estimate(290, 250, 330) },
            0.1, 0.05);
        Assert.Equal([Math.Sqrt(200 * 400.0)], inside.Select(t => t.P));

        // narrow enough already (half-width 40/290 ≈ 0.14 ≤ 0.2): nothing
        Assert.Empty(PStarRefinement.Next([curve], new Dictionary<double, PStarEstimate> { [10] = Estimate(290, 250, 330) },
            0.1, 0.2));
    }

    [Fact]
    public void ABracketAlreadyFineIsNotSplitAndACurveThatDoesNotCrossGrowsTheGrid()
    {
        var fine = new SizeCurve(10, [200, 220], [0.05, 0.15]);   // ratio 1.1 ≤ 1.15
        Assert.Empty(PStarRefinement.Next([fine], new Dictionary<double, PStarEstimate>(), 0.1, 0.01));

        var below = new SizeCurve(20, [100, 200, 400], [0.01, 0.03, 0.06]);
        Assert.Equal([(20.0, 800.0)], PStarRefinement.Next([below], new Dictionary<double, PStarEstimate>(), 0.1, 0.05));
        var above = new SizeCurve(30, [100, 200, 400], [0.2, 0.3, 0.4]);
        Assert.Equal([(30.0, 50.0)], PStarRefinement.Next([above], new Dictionary<double, PStarEstimate>(), 0.1, 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => PStarRefinement.Next([below],
            new Dictionary<double, PStarEstimate>(), 0.1, 0));
    }

    [Fact]
    public void TheAnalysisReadsItsRefinementRounds()
    {
        using var tmp = new TempDir();
        const string Base = "'executor':'synthetic-alignment','base':{'chains':2,'noise':0.005},";
        var grid = SweepSpec.Parse(("{'name':'grid'," + Base + "'grid':{'d':[10,20],'$alpha':[5,20],'seed':[1,2]}," +
            "'derive':{'P':'round($alpha*d)'},'analysis':{'kind':'pstar_scaling','bootstrap':100}}").Replace('\'', '"'));
        SweepRunner.Run(grid, tmp.Path, Shard.All, NullProgress.Instance);
        var before = SweepAnalysis.Run(tmp.Path);
        var refine = SweepSpec.Parse(("{'name':'refine-1'," + Base + "'grid':{'seed':[1,2]}," +
            "'zip':[{'d':[10,20],'$alpha':[10,10]}],'derive':{'P':'round($alpha*d)'}}").Replace('\'', '"'));
        SweepRunner.Run(refine, Path.Combine(tmp.Path, SweepAnalysis.RefineFolder, "1"), Shard.All, NullProgress.Instance);
        var after = SweepAnalysis.Run(tmp.Path);

        Assert.All(before.Curves, c => Assert.Equal(2, c.P.Length));
        Assert.Equal([100.0, 200, 400], after.Curves.Single(c => c.Size == 20).P);
        Assert.Equal([50.0, 100, 200], after.Curves.Single(c => c.Size == 10).P);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(tmp.Path, "analysis", "analysis.json")))!.AsObject();
        Assert.Equal(12, json["runs_used"]!.GetValue<int>());
        Assert.Equal(Path.Combine(SweepAnalysis.RefineFolder, "1"), json["refinement_sweeps"]![0]!.GetValue<string>());
    }
}
