using FeatureScale.Analysis;
using FeatureScale.Numerics;

namespace FeatureScale.Tests.Analysis;

/// <summary>Bootstrap replicates of a point's mean: seeds resampled, or one run's mean ± its sem.</summary>
public class ReplicateMeansTests
{
    [Fact]
    public void OneRunGivesItsMeanWithItsStandardError()
    {
        var reps = ReplicateMeans.Draw([(2.0, 0.1)], 20000, RandomStream.For(1, 0, "t"));
        double m = reps.Average(), sd = Math.Sqrt(reps.Sum(r => (r - m) * (r - m)) / (reps.Length - 1));
        Assert.InRange(m, 2 - 0.005, 2 + 0.005);      // 5 standard errors of the mean of 20000 draws
        Assert.InRange(sd, 0.097, 0.103);
        Assert.Equal(0.1, ReplicateMeans.Sem([(2.0, 0.1)]));
    }

    [Fact]
    public void SeveralRunsAreResampledAndTheirErrorIsTheSpreadOverRootN()
    {
        (double, double)[] runs = [(1.0, 9), (2.0, 9), (4.0, 9)];   // their own sems play no part
        var reps = ReplicateMeans.Draw(runs, 20000, RandomStream.For(1, 0, "t"));
        // every replicate is a mean of three of the values: a multiple of 1/3 inside [1, 4]
        Assert.All(reps, r => { Assert.InRange(r, 1, 4); Assert.Equal(0, r * 3 - Math.Round(r * 3), 9); });
        double m = reps.Average(), sd = Math.Sqrt(reps.Sum(r => (r - m) * (r - m)) / (reps.Length - 1));
        Assert.InRange(m, 7 / 3.0 - 0.03, 7 / 3.0 + 0.03);
        // bootstrap sd of a mean of n = 3: the plug-in sd √(Σ(y−ȳ)²/n) over √n = √(14/9)/√3
        Assert.InRange(sd, Math.Sqrt(14 / 9.0 / 3) * 0.97, Math.Sqrt(14 / 9.0 / 3) * 1.03);
        // the standard error: sample sd √(14/3 / 2) over √3
        Assert.Equal(Math.Sqrt(14 / 3.0 / 2 / 3), ReplicateMeans.Sem(runs), 12);
    }
}
