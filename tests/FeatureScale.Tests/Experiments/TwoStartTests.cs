using FeatureScale.Experiments;
using Xunit.Abstractions;

namespace FeatureScale.Tests.Experiments;

/// <summary>
/// The two-start check (<see cref="TrainConfig.TwoStart"/>): only the second half's start changes, the summary
/// carries both halves, and halves that cannot have met (layer 1 frozen at the two starts) are caught.
/// </summary>
public class TwoStartTests(ITestOutputHelper output)
{
    private static TrainConfig Small => new()
    {
        D = 16, Width = 16, P = 600, Kappa = 1, Chains = 4, Burnin = 0, Steps = 150, Thin = 10, TestPoints = 500,
        PriorDraws = 2, Seed = 11, Threads = 1,
    };

    [Fact]
    public void AlignFirstNeuronKeepsItsNormAndPointsAlongTheTeacher()
    {
        var theta = new double[] { 9, 3, 4, 0, 7 };
        Training.AlignFirstNeuron(theta, 1, [0.6, 0.8, 0]);
        double[] expected = [9, 3, 4, 0, 7];
        for (int i = 0; i < theta.Length; i++) Assert.Equal(expected[i], theta[i], 12);
    }

    [Fact]
    public void OnlyTheSecondHalfStartsElsewhere()
    {
        var plain = Training.Run(Small);
        var two = Training.Run(Small with { TwoStart = true });
        foreach (int c in new[] { 0, 1 })
            Assert.Equal(plain.Samples.Where(r => r.Chain == c).Select(r => r.Alignment),
                         two.Samples.Where(r => r.Chain == c).Select(r => r.Alignment));
        Assert.NotEqual(plain.Samples.Where(r => r.Chain == 3).Select(r => r.Alignment),
                        two.Samples.Where(r => r.Chain == 3).Select(r => r.Alignment));
        Assert.Null(plain.Summary.TwoStart);
        var check = two.Summary.TwoStart!;
        output.WriteLine($"prior {check.PriorMean:0.0000} ± {check.PriorSem:0.0000}, " +
                         $"aligned {check.AlignedMean:0.0000} ± {check.AlignedSem:0.0000}, z {check.Z:0.0}");
        Assert.True(double.IsFinite(check.Z));
    }

    [Fact]
    public void HalvesThatHaveNotMetAreCaught()
    {
        // Chains that cannot move layer 1 (frozen) keep their start: the aligned half's read-out uses its neuron along
        // w*, the prior half has none — the check must see two basins.
        var two = Training.Run(Small with { TwoStart = true, Chains = 8, P = 1600, Steps = 300, Freeze = [1] });
        var check = two.Summary.TwoStart!;
        output.WriteLine($"prior {check.PriorMean:0.0000} ± {check.PriorSem:0.0000}, " +
                         $"aligned {check.AlignedMean:0.0000} ± {check.AlignedSem:0.0000}, z {check.Z:0.0}");
        Assert.False(check.Agree);
        Assert.Contains(two.Summary.Warnings, w => w.StartsWith("two-start check", StringComparison.Ordinal));
    }

    [Fact]
    public void ATwoStartNeedsTwoChainsAndAnFcn()
    {
        Assert.Throws<ConfigException>(() => Training.Run(Small with { TwoStart = true, Chains = 1 }));
        Assert.Throws<ConfigException>(() => ArchTraining.Resolve(Small with { TwoStart = true, Arch = "cnn" }));
    }
}
