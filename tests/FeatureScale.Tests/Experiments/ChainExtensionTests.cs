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

    [Fact]
    public void TheBurninFollowsTheMeasuredTauOnceRhatIsMet()
    {
        var policy = new ChainExtension(1.05, 1000);
        var start = new ChainSchedule(40, 80, 10);
        // τ = 4 chains × 80 steps / ESS 32 = 10 steps: a burn-in of 40 is short of 5 τ
        var mixed = new RankDiagnostics(1.01, 32, 32);
        Assert.Equal(10, ChainExtension.Tau(32, 4, 80));
        Assert.False(policy.Reached(mixed, start, 4));
        Assert.True(policy.Reached(mixed, start with { Burnin = 50 }, 4));
        Assert.False(new ChainExtension(1.05, 1000, EssTarget: 100).Reached(mixed, start with { Burnin = 50 }, 4));
        // τ = 30: the burn-in grows to 5 τ = 150, capped at the current run (120), on the thinning grid
        Assert.Equal((120, 120), Tuple(policy.Next(start, 30)!));
        Assert.Equal((120, 120), Tuple(policy.Next(start, new RankDiagnostics(1.01, 4 * 80 / 30.0, 1), 4)!));
        // a short τ leaves the doubling as it was; so does any τ while R̂ is above the target
        Assert.Equal((80, 160), Tuple(policy.Next(start, 3)!));
        Assert.Equal((80, 160), Tuple(policy.Next(start, new RankDiagnostics(1.2, 2, 2), 4)!));
        Assert.Equal((80, 160), Tuple(policy.Next(start, double.PositiveInfinity)!));
        Assert.Equal((90, 150), Tuple(policy.Next(start, 17)!));   // 5 τ = 85 → 90 on the grid 40 + 10k

        static (int, int) Tuple(ChainSchedule s) => (s.Burnin, s.Steps);
    }

    [Fact]
    public void MissedTargetsSayWhichOne()
    {
        ExtensionReport Missed(ExtensionRound last) => new(1.05, 320, false, [last]) { EssTarget = 400 };
        Assert.Contains("split-R̂ 1.200 is still above rhat_target 1.05",
            Missed(new(40, 80, 1.2, 20, 16)).Warning("A_f", 80));
        Assert.Contains("burn-in (40 steps) is still shorter than 5 τ of A_f (τ ≈ 16 steps)",
            Missed(new(40, 80, 1.01, 20, 16)).Warning("A_f", 80));
        Assert.Contains("bulk ESS 300 is still below ess_target 400",
            Missed(new(400, 800, 1.01, 300, 10.7)).Warning("A_f", 800));
        Assert.Null((Missed(new(400, 800, 1.01, 300, 10.7)) with { Reached = true }).Warning("A_f", 800));
    }

    [Fact]
    public void AMixedRunWithoutBurninGetsOneOfFiveTau()
    {
        // R̂ is met at once, but a burn-in of 0 is shorter than 5 τ: the run is extended until it is not, and is the
        // fixed run of its final schedule. (ULA here has τ of A_f growing with the run, 37 → 490 steps over five
        // rounds: its slow mode is not relaxed, and the rule keeps extending. BAOAB's τ is short.)
        var mixing = Small with { Sampler = new SamplerSettings { Name = "baoab" } };
        var cfg = mixing with { Burnin = 0, RhatTarget = 10, MaxSteps = 640 };
        var extended = Training.Run(cfg);
        var report = extended.Summary.Extension!;
        output.WriteLine(string.Join("; ", report.Rounds.Select(r => $"{r.Burnin}+{r.Steps}: τ {r.TauSteps:0.0}")));
        Assert.True(report.Rounds.Count >= 2);
        Assert.True(report.Reached);
        var last = report.Rounds[^1];
        Assert.True(last.Burnin >= ChainExtension.BurninTaus * last.TauSteps);
        Assert.True(report.Rounds[1].Burnin >= ChainExtension.BurninTaus * report.Rounds[0].TauSteps
                    || report.Rounds[1].Burnin == report.Rounds[0].Burnin + report.Rounds[0].Steps);
        var fixedRun = Training.Run(mixing with { Burnin = last.Burnin, Steps = last.Steps });
        Assert.Equal(fixedRun.Samples.Select(r => (r.Step, r.Alignment)),
            extended.Samples.Select(r => (r.Step, r.Alignment)));
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
        // BAOAB with a burn-in of 400 steps: far above 5 τ here
        var mixing = Small with { Burnin = 400, Sampler = new SamplerSettings { Name = "baoab" } };
        var plain = Training.Run(mixing);
        var loose = Training.Run(mixing with { RhatTarget = 10 });
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
        // the doubling 60 → 120 → 240 holds while R̂ is above the target (then τ may lengthen the burn-in)
        var unmet = report.Rounds.TakeWhile(r => r.Rhat > 1.000001).Count();
        Assert.Equal(new[] { 60, 120, 240 }[..Math.Min(unmet + 1, report.Rounds.Count)],
            report.Rounds.Take(unmet + 1).Select(r => r.Steps));
        Assert.True(report.Reached ? last.Rhat <= 1.000001 : report.Rounds.Count == 3 || last.Rhat <= 1.000001);
        Assert.Equal((last.Burnin, last.Steps), (extended.Summary.Burnin, extended.Summary.Steps));
        Assert.Equal(!report.Reached,
            extended.Summary.Warnings.Any(w => w.Contains("round(s)", StringComparison.Ordinal)));
        var fixedRun = ArchTraining.Run(cfg with { Burnin = last.Burnin, Steps = last.Steps, Threads = 2 });
        Assert.Null(fixedRun.Summary.Extension);
        Assert.Equal(fixedRun.Samples.Select(r => (r.Chain, r.Sample, r.Step, r.TrainLoss)),
            extended.Samples.Select(r => (r.Chain, r.Sample, r.Step, r.TrainLoss)));
        Assert.Equal(fixedRun.Samples.SelectMany(r => r.Values), extended.Samples.SelectMany(r => r.Values));
        Assert.Equal(fixedRun.Histograms, extended.Histograms);
        Assert.Equal(fixedRun.Summary.Observables, extended.Summary.Observables);
    }
}
