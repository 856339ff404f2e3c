using FeatureScale.Experiments;
using FeatureScale.Sampling;
using Xunit.Abstractions;

namespace FeatureScale.Tests.Experiments;

/// <summary>
/// Run lengths from the chains (<see cref="ChainExtension"/>, <see cref="TrainConfig.RhatTarget"/>): the schedule
/// doubles on one thinning grid, an extended run is the same chain as a fixed run of its final length (bit for bit,
/// at any thread count), unmixed chains are extended until the cap and say so, mixed ones are not extended.
/// </summary>
public class ChainExtensionTests(ITestOutputHelper output)
{
    private static TrainConfig Small => new()
    {
        D = 16, Width = 16, P = 600, Kappa = 1, Chains = 4, Burnin = 40, Steps = 80, Thin = 10, TestPoints = 400,
        PriorDraws = 2, Seed = 5, Threads = 1,
    };

    [Fact]
    public void TheScheduleDoublesOnOneThinningGridUpToTheCap()
    {
        var policy = new ChainExtension(1.05, 1000);
        var next = policy.Next(new ChainSchedule(40, 80, 10))!;
        Assert.Equal((80, 160), (next.Burnin, next.Steps));
        var odd = policy.Next(new ChainSchedule(45, 80, 10))!;   // burn-in 45 → 95: kept steps stay at 45 + 10k
        Assert.Equal((95, 155), (odd.Burnin, odd.Steps));
        Assert.Equal(0, (odd.Burnin - 45) % 10);
        Assert.Equal(2 * 125, odd.TotalSteps);
        Assert.Null(new ChainExtension(1.05, 159).Next(new ChainSchedule(40, 80, 10)));
        Assert.True(policy.Reached(new RankDiagnostics(1.04, 500, 500)));
        Assert.False(policy.Reached(new RankDiagnostics(1.06, 500, 500)));
        Assert.False(policy.Reached(RankDiagnostics.Undefined));
    }

    [Theory]
    [InlineData(1, "ula")]
    [InlineData(2, "ula")]
    [InlineData(2, "baoab")]
    public void AnExtendedRunIsTheFixedRunOfItsFinalLength(int threads, string sampler)
    {
        // Frozen layer 1 with two starts: halves that cannot meet, so R̂ stays high and the run is extended to the cap.
        // The sampler's own state (BAOAB's momentum) carries over from round to round.
        var config = Small with
        {
            TwoStart = true, Freeze = [1], P = 1600, RhatTarget = 1.05, MaxSteps = 400,
            Sampler = new SamplerSettings { Name = sampler },
        };
        var extended = Training.Run(config with { Threads = threads });
        var report = extended.Summary.Extension!;
        output.WriteLine(string.Join("; ", report.Rounds.Select(r => $"{r.Burnin}+{r.Steps}: R̂ {r.Rhat:0.00}")));
        Assert.False(report.Reached);
        Assert.Equal([80, 160, 320], report.Rounds.Select(r => r.Steps));
        Assert.Equal((160, 320), (extended.Summary.Burnin, extended.Summary.Steps));
        Assert.Contains(extended.Summary.Warnings, w => w.Contains("still above rhat_target", StringComparison.Ordinal));

        var fixedRun = Training.Run(config with { RhatTarget = null, MaxSteps = null, Burnin = 160, Steps = 320 });
        Assert.Equal(fixedRun.Samples.Count, extended.Samples.Count);
        Assert.Equal(fixedRun.Samples.Select(r => (r.Chain, r.Sample, r.Step, r.Alignment, r.RunningAlignment)),
                     extended.Samples.Select(r => (r.Chain, r.Sample, r.Step, r.Alignment, r.RunningAlignment)));
        Assert.Equal(fixedRun.Summary.Alignment.Mean, extended.Summary.Alignment.Mean);
        Assert.Equal(fixedRun.Summary.Rhat, extended.Summary.Rhat);
        Assert.Equal(fixedRun.Overlaps.SelectMany(o => o.Values), extended.Overlaps.SelectMany(o => o.Values));
    }

    [Fact]
    public void MixedChainsAreNotExtended()
    {
        var plain = Training.Run(Small);
        var loose = Training.Run(Small with { RhatTarget = 10 });
        var report = loose.Summary.Extension!;
        Assert.True(report.Reached);
        Assert.Single(report.Rounds);
        Assert.Equal(plain.Samples.Select(r => r.Alignment), loose.Samples.Select(r => r.Alignment));
        Assert.Null(plain.Summary.Extension);
    }

    [Fact]
    public void BadSettingsAreRefusedBeforeAnyWork()
    {
        Assert.Contains("rhat_target", Assert.Throws<ConfigException>(() => Training.Run(Small with { RhatTarget = 1.0 })).Message);
        Assert.Contains("set rhat_target", Assert.Throws<ConfigException>(() => Training.Run(Small with { MaxSteps = 500 })).Message);
        Assert.Contains("max_steps", Assert.Throws<ConfigException>(
            () => Training.Run(Small with { RhatTarget = 1.05, MaxSteps = 10 })).Message);
        Assert.Contains("rhat_target", Assert.Throws<ConfigException>(
            () => ArchTraining.Resolve(Small with { Arch = "cnn", RhatTarget = 1.0 })).Message);
        Assert.Contains("set rhat_target", Assert.Throws<ConfigException>(
            () => ArchTraining.Resolve(Small with { Arch = "cnn", MaxSteps = 500 })).Message);
    }

    [Theory]
    [MemberData(nameof(ArchTrainingTests.Configs), MemberType = typeof(ArchTrainingTests))]
    public void AnExtendedRunOfAnotherArchitectureIsTheFixedRunOfItsFinalLength(TrainConfig cfg)
    {
        // a target short runs rarely meet: extended 60 → 120 → 240 sampling steps (burn-in 20 → 40 → 80), then the
        // cap; a split-R̂ can fall below 1 with few samples, so a run may stop earlier: it must then have met it
        var extended = ArchTraining.Run(cfg with { RhatTarget = 1.000001, MaxSteps = 240, Threads = 2 });
        var report = extended.Summary.Extension!;
        output.WriteLine($"{cfg.Arch}/{cfg.Task}: " +
            string.Join("; ", report.Rounds.Select(r => $"{r.Burnin}+{r.Steps}: R̂ {r.Rhat:0.0000}")));
        var last = report.Rounds[^1];
        Assert.Equal(new[] { 60, 120, 240 }[..report.Rounds.Count], report.Rounds.Select(r => r.Steps));
        Assert.True(report.Reached ? last.Rhat <= 1.000001 : report.Rounds.Count == 3);
        Assert.Equal((last.Burnin, last.Steps), (extended.Summary.Burnin, extended.Summary.Steps));
        Assert.Equal(!report.Reached,
            extended.Summary.Warnings.Any(w => w.Contains("still above rhat_target", StringComparison.Ordinal)));
        var fixedRun = ArchTraining.Run(cfg with { Burnin = last.Burnin, Steps = last.Steps, Threads = 2 });
        Assert.Null(fixedRun.Summary.Extension);
        Assert.Equal(fixedRun.Samples.Select(r => (r.Chain, r.Sample, r.Step, r.TrainLoss)),
            extended.Samples.Select(r => (r.Chain, r.Sample, r.Step, r.TrainLoss)));
        Assert.Equal(fixedRun.Samples.SelectMany(r => r.Values), extended.Samples.SelectMany(r => r.Values));
        Assert.Equal(fixedRun.Histograms, extended.Histograms);
        Assert.Equal(fixedRun.Summary.Observables, extended.Summary.Observables);
    }
}
