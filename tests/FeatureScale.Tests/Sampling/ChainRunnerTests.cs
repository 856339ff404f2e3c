using FeatureScale.Architectures;
using FeatureScale.Numerics;
using FeatureScale.Sampling;
using FeatureScale.Activations;

namespace FeatureScale.Tests.Sampling;

/// <summary>The shared chain loop: schedule, measurement of the kept θ, divergence, ensemble stop.</summary>
public class ChainRunnerTests
{
    /// <summary>L(θ) = ½ a θ² for one parameter with prior N(0, 1): the posterior is N(0, κ/(a + κ)).</summary>
    private sealed class Quadratic(double a) : IPosteriorModel<double>
    {
        public int ParameterCount => 1;
        public IReadOnlyList<ParameterBlock> Blocks { get; } = [new ParameterBlock("theta", 0, 1, 1.0)];
        public double LossAndGradient(ReadOnlySpan<double> theta, Span<double> gradient, ReadOnlySpan<bool> skipBlocks = default)
        {
            gradient[0] = a * theta[0];
            return Loss(theta);
        }
        public double Loss(ReadOnlySpan<double> theta) => 0.5 * a * theta[0] * theta[0];
    }

    [Fact]
    public void Kept_steps_follow_the_schedule_and_the_loss_belongs_to_the_measured_state()
    {
        var schedule = new ChainSchedule(Burnin: 5, Steps: 10, Thin: 3);
        Assert.Equal(4, schedule.SamplesPerChain);
        var sampler = new LangevinSampler<double>(new Quadratic(2.0), 0.01, 1.0);
        var theta = new[] { 0.7 };
        var kept = new List<(int Step, int Sample, double Loss, double Measured)>();
        int reported = 0;
        string? message = ChainRunner.Run(sampler, theta, RandomStream.For(1, 0, "noise"), schedule, 1e9, "chain 0", 0.001,
            (_, th) => th[0], (t, s, loss, m) => kept.Add((t, s, loss, m)), n => reported += n, reportEvery: 4);
        Assert.Null(message);
        Assert.Equal([5, 8, 11, 14], kept.Select(k => k.Step));
        Assert.Equal([0, 1, 2, 3], kept.Select(k => k.Sample));
        foreach (var k in kept) Assert.Equal(0.5 * 2.0 * k.Measured * k.Measured, k.Loss, 1e-15);
        Assert.Equal(schedule.TotalSteps, reported);
    }

    [Fact]
    public void The_trace_covers_the_whole_run_including_burn_in_and_the_final_state()
    {
        var schedule = new ChainSchedule(Burnin: 6, Steps: 6, Thin: 4);
        var sampler = new LangevinSampler<double>(new Quadratic(1.0), 0.01, 1.0);
        var theta = new[] { 0.3 };
        var events = new List<string>();
        ChainRunner.Run(sampler, theta, RandomStream.For(2, 0, "noise"), schedule, 1e9, "chain 0", 0.001,
            (t, th) => { events.Add($"measure {t}"); return th[0]; }, (t, _, _, _) => events.Add($"keep {t}"),
            trace: (t, th) => events.Add($"trace {t}"), traceEvery: 5);
        Assert.Equal(["trace 0", "trace 5", "measure 6", "keep 6", "trace 10", "measure 10", "keep 10", "trace 12"], events);
    }

    [Fact]
    public void Divergence_stops_the_chain_and_names_the_step_size_and_a_smaller_one()
    {
        // η a = 2.5 > 2: the update θ ← (1 − η(a + κ)) θ + noise grows geometrically.
        var sampler = new LangevinSampler<double>(new Quadratic(24.0), 0.1, 1.0);
        var theta = new[] { 1.0 };
        int steps = 0;
        string? message = ChainRunner.Run(sampler, theta, RandomStream.For(1, 0, "noise"), new ChainSchedule(0, 1000, 1), 1e6, "chain 3", 0.025,
            (_, th) => th[0], (_, _, _, _) => steps++);
        Assert.NotNull(message);
        Assert.Contains("chain 3 diverged at step", message);
        Assert.Contains("η = 0.1", message);
        Assert.Contains("--eta 0.025", message);
        Assert.InRange(steps, 1, 999);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_threaded_update_gives_bit_identical_states_and_consumes_the_same_noise(bool single)
    {
        // A two-layer net whose first block (d·N = 30·700 = 21000 weights, odd chunks included) takes the chunked path.
        var arch = new FcnArchitecture(30, [700], Activation.Erf, [1.0, 1.0]);
        var teacher = FeatureScale.Data.Teacher.Random("h3", 30, RandomStream.For(3, 0, "teacher"));
        var data = FeatureScale.Data.Dataset.Draw(new FeatureScale.Data.GaussianInputs(30), teacher, 50, RandomStream.For(3, 0, "train"));
        double[] Run(int threads, out ulong position)
        {
            var model = new FullyConnectedNetwork<double>(arch, data.X, data.Y, 50);
            var sampler = new LangevinSampler<double>(model, 1e-3, 0.5) { UpdateThreads = threads };
            var theta = new double[model.ParameterCount];
            LangevinSampler<double>.DrawPrior(model, theta, RandomStream.For(3, 0, "init"));
            var noise = RandomStream.For(3, 0, "noise");
            if (single)
            {
                var f = theta.Select(v => (float)v).ToArray();
                var fm = new FullyConnectedNetwork<float>(arch, data.X.Select(v => (float)v).ToArray(), data.Y.Select(v => (float)v).ToArray(), 50);
                var fs = new LangevinSampler<float>(fm, 1e-3, 0.5) { UpdateThreads = threads };
                for (int t = 0; t < 3; t++) fs.Step(f, noise);
                position = noise.Position;
                return f.Select(v => (double)v).ToArray();
            }
            for (int t = 0; t < 3; t++) sampler.Step(theta, noise);
            position = noise.Position;
            return theta;
        }
        // BLAS single-threaded for the whole comparison, as in the trainer: a test running beside this one must not
        // hand it a multi-threaded gemm (another summation order) between the three runs
        using var blas = LinearAlgebra.SingleThreaded();
        var one = Run(1, out var p1);
        var two = Run(2, out var p2);
        var three = Run(3, out var p3);
        Assert.Equal(one, two);
        Assert.Equal(one, three);
        Assert.Equal(p1, p2);
        Assert.Equal(p1, p3);
    }

    [Fact]
    public void A_diverging_chain_stops_the_ensemble_and_its_message_is_returned()
    {
        var finished = new bool[4];
        string? message = ChainRunner.RunEnsemble(4, 2, parallel: false, (c, token) =>
        {
            if (token.IsCancellationRequested) return null;
            finished[c] = true;
            return c == 1 ? "chain 1 diverged" : null;
        });
        Assert.Equal("chain 1 diverged", message);
        Assert.Equal([true, true, false, false], finished);
        var all = new int[6];
        Assert.Null(ChainRunner.RunEnsemble(6, 2, parallel: true, (c, _) => { all[c]++; return null; }));
        Assert.All(all, n => Assert.Equal(1, n));
    }
}
