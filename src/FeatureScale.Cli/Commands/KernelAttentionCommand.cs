using System.CommandLine;
using FeatureScale.Kernels;
using FeatureScale.Numerics;
using FeatureScale.Reporting;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale kernel attention</c>: Monte-Carlo estimate (with standard errors) of the softmax attention-head
/// GP kernel of Eq. 83 on random Gaussian inputs X ∈ R^{L×d}.
/// </summary>
public static class KernelAttentionCommand
{
    /// <summary>JSON contract.</summary>
    public sealed record AttentionReport(int D, int L, int Inputs, int Samples, ulong Seed, int[] Shape, double[] Values, double[] StandardErrors);

    public static Command Build()
    {
        var d = new Option<int>("--d") { Description = "Token dimension d.", DefaultValueFactory = _ => 8 }.Positive();
        var l = new Option<int>("--context-length") { Description = "Context length L.", DefaultValueFactory = _ => 16 }.Positive();
        var n = new Option<int>("--input-count") { Description = "Number of random inputs X (entries N(0,1)).", DefaultValueFactory = _ => 4 }.Positive();
        var samples = new Option<int>("--samples") { Description = "Monte-Carlo draws of A.", DefaultValueFactory = _ => 20000 }.Positive();
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON {\"values\", \"standard_errors\", \"shape\", ...}." };
        var cmd = new Command("attention", "Softmax attention-head NNGP kernel (Eq. 83) by Monte Carlo over A ~ N(0, I/d^2), with error bars.");
        foreach (var o in new Option[] { d, samples, seed, json }) cmd.Options.Add(o);
        var oldL = cmd.AddWithOldSpellings(l, "--L");
        var oldN = cmd.AddWithOldSpellings(n, "--inputs");
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            int dd = pr.GetValue(d), ll = pr.Get(l, oldL), nn = pr.Get(n, oldN), m = pr.GetValue(samples);
            ResourceGuard.CheckMemory(8.0 * ((double)nn * ll * dd * 3 + 4.0 * nn * nn + (double)dd * dd + 2.0 * ll * ll) + 64e6,
                $"--input-count {nn}, --context-length {ll}, --d {dd}");
            ulong s = pr.GetValue(seed);
            var inputs = Enumerable.Range(0, nn).Select(i => { var x = new double[ll * dd]; RandomStream.For(s, (uint)i, "attention-input").FillGaussian(x); return x; }).ToList();
            var est = AttentionKernel.MonteCarlo(inputs, ll, dd, m, RandomStream.For(s, 0, "attention-A"));
            var report = new AttentionReport(dd, ll, nn, m, s, [nn, nn], est.Values, est.StandardErrors);
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(report)); return 0; }
            Console.WriteLine($"attention kernel (Eq. 83), d = {dd}, L = {ll}, {m} draws of A: K[i,j] ± standard error");
            for (int i = 0; i < nn; i++)
                Console.WriteLine(string.Join("  ", Enumerable.Range(0, nn).Select(j => FormattableString.Invariant($"{est.Values[i * nn + j],9:0.00000} ± {est.StandardErrors[i * nn + j]:0.00000}"))));
            return 0;
        }));
        return cmd;
    }
}
