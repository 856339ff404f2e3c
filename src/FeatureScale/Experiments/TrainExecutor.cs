using FeatureScale.Sweeps;

namespace FeatureScale.Experiments;

/// <summary>
/// The "train" sweep executor: each run's config is a <see cref="TrainConfig"/> (snake_case keys, unknown keys
/// rejected), run by <see cref="Training.Run"/>; the run's folder receives the trainer's files (summary.json,
/// samples.csv, histograms.csv, overlaps.csv with write_overlaps, and the trainer's own manifest as
/// train_manifest.json — the sweep writes the run's manifest.json) and the run's summary is the trainer's summary.json
/// object (paths such as <c>alignment.mean</c>, <c>specialised.0.mean</c>). A run in which a chain diverged is a
/// failure (recorded in failures/, retried by the next invocation); its partial files are discarded.
/// Training.Run keeps BLAS single-threaded and parallelises over chains, so runs execute one after another and
/// give the same numbers at any thread count. Configs with another architecture or task (<c>arch</c> cnn|attention,
/// <c>task</c> parity|modadd|attention-cubic) run through <see cref="ArchTraining.Run"/> the same way; their summary
/// is that trainer's summary.json (paths such as <c>observables.0.mean</c>).
/// </summary>
[RunExecutor(Name)]
public static class TrainExecutor
{
    /// <summary>The name used in sweep specs.</summary>
    public const string Name = "train";

    /// <summary>A new executor.</summary>
    public static IRunExecutor Create() => new TypedExecutor<TrainConfig>((cfg, dir, sink) => cfg.IsFcnHermite ? Run(cfg, dir, sink) : RunArch(cfg, dir, sink), Validate);

    /// <summary>Checks a run's config (every field, and its memory estimate) without running it.</summary>
    public static void Validate(TrainConfig cfg)
    {
        if (cfg.IsFcnHermite) cfg.Resolve(); else ArchTraining.Resolve(cfg);
        TrainResources.Check(cfg);
    }

    /// <summary>Runs one FCN config (arch fcn, task hermite) into dir and returns its summary.</summary>
    public static TrainSummary Run(TrainConfig cfg, string dir, IProgressSink sink) =>
        Staged(dir, () => Training.Run(cfg, sink), TrainOutputs.Write, r => r.Summary, s => (s.Diverged, s.Message));

    /// <summary>Runs one config of another architecture or task (<see cref="ArchTraining"/>) into dir and returns its summary.</summary>
    public static ArchTrainSummary RunArch(TrainConfig cfg, string dir, IProgressSink sink) =>
        Staged(dir, () => ArchTraining.Run(cfg, sink), ArchTrainOutputs.Write, r => r.Summary, s => (s.Diverged, s.Message));

    /// <summary>Trains, writes the trainer's files into dir, and fails the run (after writing) when a chain diverged.</summary>
    private static TSummary Staged<TResult, TSummary>(string dir, Func<TResult> train, Action<string, TResult, DateTimeOffset, double> write,
        Func<TResult, TSummary> summary, Func<TSummary, (bool Diverged, string? Message)> status)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var trainDir = Path.Combine(dir, ".train");
        var result = train();
        write(trainDir, result, started, clock.Elapsed.TotalSeconds);
        MoveUp(trainDir, dir);
        var s = summary(result);
        var (diverged, message) = status(s);
        if (diverged) throw new InvalidOperationException(message ?? "a chain diverged");
        return s;
    }

    /// <summary>Moves the trainer's files into the run folder (its manifest as train_manifest.json).</summary>
    private static void MoveUp(string trainDir, string dir)
    {
        foreach (var f in Directory.GetFiles(trainDir))
        {
            string name = Path.GetFileName(f);
            File.Move(f, Path.Combine(dir, name == "manifest.json" ? "train_manifest.json" : name), overwrite: true);
        }
        Directory.Delete(trainDir);
    }
}
