using System.Diagnostics;
using FeatureScale.Experiments;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// The part of <c>featurescale train</c> for <c>--arch cnn|attention</c> and <c>--task parity|modadd|attention-cubic</c>:
/// a thin wrapper over <see cref="ArchTraining.Run"/> writing manifest.json, summary.json, samples.csv, histograms.csv.
/// </summary>
public static class ArchTrain
{
    /// <summary>Runs, writes the files and prints a short summary; exit 0, or 1 when a chain diverged.</summary>
    public static int Run(TrainConfig cfg, string outDir, bool force = false)
    {
        var rc = ArchTraining.Resolve(cfg); // reject bad configs before any work
        TrainResources.Check(cfg, outDir);
        OutputFolder.Prepare(outDir, "--out", force, "train", cfg);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        string shape = rc.Arch switch
        {
            ArchKind.Attention => FormattableString.Invariant($"H={cfg.Heads} d={cfg.D} L={cfg.ContextLength}"),
            ArchKind.Cnn => FormattableString.Invariant($"{rc.Activation.Name} d={cfg.D} N_w={cfg.Patches} N={cfg.Widths?[0] ?? cfg.Width}"),
            _ => FormattableString.Invariant($"{rc.Activation.Name} N={cfg.Widths?[0] ?? cfg.Width}"),
        };
        string size = rc.Task == TaskKind.ModAdd ? FormattableString.Invariant($"p={cfg.Modulus} train {cfg.TrainFraction:0.##}") : FormattableString.Invariant($"P={cfg.P}");
        string title = $"train {rc.ArchName}/{rc.TaskName} {shape} {size} x{cfg.Chains} chains";
        var result = ConsoleProgress.Run(title, sink => ArchTraining.Run(cfg, sink));
        ArchTrainOutputs.Write(outDir, result, started, clock.Elapsed.TotalSeconds);
        var s = result.Summary;
        foreach (var w in s.Warnings) Console.Error.WriteLine($"featurescale: warning: {w}");
        foreach (var o in s.Observables.Where(o => !System.Text.RegularExpressions.Regex.IsMatch(o.Name, @"_h\d+$")))
            Console.WriteLine(FormattableString.Invariant($"{o.Name} = {o.Mean:0.0000} ± {o.Sem:0.0000}") + (o.Name == s.Primary ? FormattableString.Invariant($" (split-R̂ {o.Rhat:0.000}, ESS {o.Ess:0})") : ""));
        Console.WriteLine(
            StepLine.Of(s.Sampler, s.Eta, s.EtaSource, s.EtaLambdaMax, s.SamplesTotal, s.WallSeconds, outDir));
        if (s.Diverged)
        {
            Console.Error.WriteLine($"featurescale: {s.Message} (samples measured before the divergence are saved)");
            return 1;
        }
        return 0;
    }
}
