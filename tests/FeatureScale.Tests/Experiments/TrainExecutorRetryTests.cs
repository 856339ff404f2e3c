using FeatureScale.Experiments;
using FeatureScale.Sampling;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Experiments;

/// <summary>
/// A sweep run whose chain diverges with an automatic step is rerun at half the step fraction (the probed λ_max is
/// the prior draw's; a CNN fitting a linear target stiffens ≈ 40× within a few steps), and says so.
/// </summary>
public class TrainExecutorRetryTests
{
    // d = 9, N_w = N = 3, P = 64d, seed 2: BAOAB diverges within 6 steps at step_fraction 1 and 0.5, not at 0.25
    private static TrainConfig StiffCnn(SamplerSettings sampler) => new()
    {
        Arch = "cnn", D = 9, Patches = 3, Width = 3, Target = "h1", P = 576, Chains = 4, Burnin = 360, Steps = 720,
        Thin = 10, TestPoints = 200, Seed = 2, Sampler = sampler,
    };

    [Fact]
    public void ADivergedRunIsRerunAtHalfTheStepFractionUntilItIsStableAndTheWarningsSaySo()
    {
        using var tmp = new TempDir();
        var s = Assert.IsType<ArchTrainSummary>(TrainExecutor.RunRetrying(StiffCnn(new() { Name = "baoab" }),
            tmp.Path, NullProgress.Instance));
        Assert.False(s.Diverged);
        Assert.Contains(s.Warnings, w => w.Contains("diverged") && w.Contains("step_fraction 0.5 (was 1)"));
        Assert.Contains(s.Warnings, w => w.Contains("step_fraction 0.25 (was 0.5)"));
        Assert.InRange(s.Observables[0].Mean, 0.5, 1.0);   // the linear target is learnt
        Assert.Equal(0.25, SamplerCatalog.AutomaticStepFraction(new() { Name = "baoab", StepFraction = 0.25 }));
    }

    [Fact]
    public void AnExplicitStepIsNotChangedBehindTheUsersBack()
    {
        using var tmp = new TempDir();
        var e = Assert.Throws<TrainExecutor.DivergedRunException>(() => TrainExecutor.RunRetrying(
            StiffCnn(new() { Name = "baoab", Step = 0.6 }), tmp.Path, NullProgress.Instance));
        Assert.Contains("diverged", e.Message);
        Assert.Null(SamplerCatalog.AutomaticStepFraction(new() { Name = "ula" }));
    }
}
