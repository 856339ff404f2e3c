using System.Text.Json.Nodes;
using FeatureScale.Data;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Experiments;

namespace FeatureScale.Tests.Experiments;

/// <summary>Data generators, ArchTraining determinism and learning, and CLI validation of --arch/--task.</summary>
[Collection("console")]
public class ArchTrainingTests
{
    [Fact]
    public void CubicTargetMatchesDoubleSumAndHasUnitVariance()
    {
        int L = 5, d = 4;
        var (x, y) = AttentionData.Draw(20000, L, d, RandomStream.For(1, 0, "cubic"));
        for (int p = 0; p < 5; p++)
        {
            double s = 0;
            for (int a = 0; a < L; a++)
                for (int b = 0; b < L; b++)
                    if (a != b) s += x[(p * L + a) * d] * x[(p * L + b) * d + 1] * x[(p * L + b) * d + 2];
            Assert.Equal(s / Math.Sqrt(L * (L - 1)), y[p], 12);
        }
        double mean = y.Average(), var = y.Select(v => v * v).Average();
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(var, 0.9, 1.1); // E[y²] = 1 exactly; MC error ≈ 0.03 at n = 20000
    }

    [Fact]
    public void ParityLabelsAreSignOfProductAndNoiseHasRequestedVariance()
    {
        var task = new ParityData(6, 2, 0.09);
        var data = task.Draw(4000, RandomStream.For(2, 0, "parity"));
        double sq = 0;
        for (int p = 0; p < data.Count; p++)
        {
            Assert.Equal(data.X[p * 6] * data.X[p * 6 + 1] > 0 ? 1 : 0, data.Label(p));
            for (int i = 0; i < 6; i++) { double e = Math.Abs(data.X[p * 6 + i]) - 1; sq += e * e; }
        }
        Assert.InRange(sq / (data.Count * 6), 0.08, 0.10);
        Assert.Equal(1.0, task.SumDirection().Sum(v => v * v), 12);
    }

    [Fact]
    public void ModularAdditionSplitCoversAllPairsOnce()
    {
        var task = new ModularAdditionData(7);
        var (train, test) = task.Split(0.3, RandomStream.For(3, 0, "split"));
        Assert.Equal(49, train.Count + test.Count);
        Assert.Equal(14, train.Count);
        var seen = new HashSet<(int, int)>();
        foreach (var set in new[] { train, test })
            for (int r = 0; r < set.Count; r++)
            {
                int a = Array.IndexOf(set.X, 1.0, r * 14, 7) - r * 14;
                int b = Array.IndexOf(set.X, 1.0, r * 14 + 7, 7) - r * 14 - 7;
                Assert.Equal(2.0, set.X.AsSpan(r * 14, 14).ToArray().Sum());
                Assert.Equal((a + b) % 7, set.Label(r));
                Assert.True(seen.Add((a, b)));
            }
        var centred = task.All(centred: true);
        Assert.Equal(0.0, centred.Y.AsSpan(0, 7).ToArray().Sum(), 12);
    }

    private static string SummaryWithoutTime(ArchTrainResult r)
    {
        var node = JsonNode.Parse(Json.Serialize(r.Summary))!.AsObject();
        node.Remove("wall_seconds");
        return node.ToJsonString();
    }

    public static IEnumerable<object[]> Configs()
    {
        var common = new TrainConfig { Chains = 2, Steps = 60, Burnin = 20, Thin = 10, Seed = 7 };
        yield return [common with { Arch = "attention", Task = "attention-cubic", D = 4, ContextLength = 5, Heads = 2, P = 300, TestPoints = 50 }];
        yield return [common with { Task = "parity", Activation = "relu", D = 6, Width = 10, P = 300, TestPoints = 200 }];
        yield return [common with { Task = "modadd", Modulus = 5, Width = 12, Activation = "quadratic", Loss = "ce" }];
        yield return [common with { Arch = "cnn", Task = "hermite", Target = "h1", D = 12, Patches = 3, Width = 6, P = 300, TestPoints = 200, Precision = "float32" }];
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void SameSeedGivesIdenticalResultsAtOneAndTwoThreads(TrainConfig cfg)
    {
        var one = ArchTraining.Run(cfg with { Threads = 1 });
        var two = ArchTraining.Run(cfg with { Threads = 2 });
        Assert.Equal(SummaryWithoutTime(one), SummaryWithoutTime(two));
        Assert.Equal(2 * 6, one.Samples.Count);
        Assert.False(one.Summary.Diverged);
        Assert.All(one.Samples, s => Assert.All(s.Values, v => Assert.True(double.IsFinite(v))));
        var single = ArchTraining.Run(cfg with { Threads = 2, Chains = 1 }); // intra-chain row blocks
        Assert.Equal(one.Samples.Where(s => s.Chain == 0).Select(s => s.Values[0]), single.Samples.Select(s => s.Values[0]));
        var other = ArchTraining.Run(cfg with { Threads = 2, Seed = 8 });
        Assert.NotEqual(SummaryWithoutTime(one), SummaryWithoutTime(other));
    }

    [Fact]
    public void CnnLearnsLinearPatchTargetAndParityIsLearnedAboveChance()
    {
        // Sanity of the whole pipeline: a linear patch-sum target with P ≫ d is learned (A_f near 1),
        // and 2-parity in d = 4 with plenty of data is classified well above chance.
        var cnn = ArchTraining.Run(new TrainConfig
        {
            Arch = "cnn", Task = "hermite", Target = "h1", D = 12, Patches = 3, Width = 8, P = 400, TestPoints = 500,
            Kappa = 0.05, Chains = 2, Steps = 600, Burnin = 600, Thin = 50, Seed = 3,
        });
        var af = cnn.Summary.Observables.Single(o => o.Name == "alignment");
        Assert.True(af.Mean > 0.8, $"CNN A_f = {af.Mean}");
        var parity = ArchTraining.Run(new TrainConfig
        {
            Task = "parity", Activation = "relu", D = 4, Width = 30, P = 400, TestPoints = 1000, Kappa = 0.02,
            Chains = 2, Steps = 1000, Burnin = 2000, Thin = 100, Seed = 4, ParityNoise = 0.05,
        });
        var acc = parity.Summary.Observables.Single(o => o.Name == "test_accuracy");
        Assert.True(acc.Mean > 0.75, $"parity accuracy = {acc.Mean}");
    }

    [Theory]
    [InlineData("--arch", "transformer")]
    [InlineData("--task", "xor")]
    [InlineData("--arch", "attention")]                       // with the default task hermite
    [InlineData("--task", "attention-cubic")]                 // with the default arch fcn
    [InlineData("--arch", "cnn", "--task", "parity")]
    [InlineData("--arch", "cnn", "--patches", "7")]           // d = 40 not a multiple of 7
    [InlineData("--arch", "cnn", "--patches", "0")]
    [InlineData("--task", "parity", "--depth", "3")]
    [InlineData("--task", "parity", "--parity-noise", "-1")]
    [InlineData("--task", "parity", "--parity-order", "0")]
    [InlineData("--task", "modadd", "--modulus", "1")]
    [InlineData("--task", "modadd", "--train-fraction", "1.5")]
    [InlineData("--task", "hermite", "--arch", "cnn", "--loss", "ce")]
    [InlineData("--task", "parity", "--loss", "hinge")]
    [InlineData("--arch", "attention", "--task", "attention-cubic", "--heads", "0")]
    [InlineData("--arch", "attention", "--task", "attention-cubic", "--context-length", "1")]
    [InlineData("--arch", "attention", "--task", "attention-cubic", "--d", "2")]
    [InlineData("--arch", "attention", "--task", "attention-cubic", "--param", "meanfield")]
    [InlineData("--task", "parity", "--freeze", "1,2")]
    [InlineData("--arch", "attention", "--task", "attention-cubic", "--act", "relu")]
    [InlineData("--arch", "attention", "--task", "attention-cubic", "--width", "10")]
    [InlineData("--task", "parity", "--target", "h1")]
    [InlineData("--task", "parity", "--heads", "3")]
    [InlineData("--task", "parity", "--modulus", "7")]
    [InlineData("--task", "modadd", "--parity-noise", "0.2")]
    [InlineData("--arch", "cnn", "--context-length", "9")]
    [InlineData("--task", "parity", "--patches", "2")]
    public void InvalidArchTaskConfigsExitWithCodeTwoAndOneLine(params string[] args)
    {
        var (code, _, err) = RunCli(["train", .. args, "--out", Path.Combine(Path.GetTempPath(), "fs-never")]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("featurescale:", err);
    }

    [Fact]
    public void CliWritesOutputsForAttention()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fs-arch-" + Guid.NewGuid().ToString("N"));
        var (code, output, err) = RunCli(["train", "--arch", "attention", "--task", "attention-cubic", "--d", "4", "--context-length", "4",
            "--P", "40", "--test-points", "20", "--chains", "2", "--steps", "20", "--burnin", "10", "--thin", "10", "--threads", "1", "--out", dir]);
        Assert.True(code == 0, err);
        Assert.Contains("alignment", output);
        foreach (var f in new[] { "manifest.json", "summary.json", "samples.csv", "histograms.csv" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("attention", summary["arch"]!.GetValue<string>());
        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, "samples.csv")).Length - 1);
        Directory.Delete(dir, true);
    }

    private static (int Code, string Out, string Err) RunCli(params string[] args) => FeatureScale.Tests.Cli.InProcessCli.Run(args);
}
