using FeatureScale.Reporting;

namespace FeatureScale.Studies;

/// <summary>
/// The "train" sweep executor: each run's config is a <see cref="TrainConfig"/> (snake_case keys, unknown keys
/// rejected), run by <see cref="Training.Run"/>; the run's folder receives the trainer's files (summary.json,
/// samples.csv, histograms.csv, overlaps.csv with write_overlaps, and the trainer's own manifest as
/// train_manifest.json — the sweep writes the run's manifest.json) and the run's summary is the trainer's summary.json
/// object (paths such as <c>alignment.mean</c>, <c>specialised.0.mean</c>). A run in which a chain diverged is a
/// failure (recorded in failures/, retried by the next invocation); its partial files are discarded.
/// Training.Run keeps BLAS single-threaded and parallelises over chains, so runs execute one after another and
/// give the same numbers at any thread count.
/// </summary>
public static class TrainExecutor
{
    /// <summary>The name used in sweep specs.</summary>
    public const string Name = "train";

    /// <summary>A new executor.</summary>
    public static IRunExecutor Create() => new TypedExecutor<TrainConfig>((cfg, dir, sink) => Run(cfg, dir, sink));

    /// <summary>Runs one config into dir and returns its summary.</summary>
    public static TrainSummary Run(TrainConfig cfg, string dir, IProgressSink sink)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Training.Run(cfg, sink);
        var trainDir = Path.Combine(dir, ".train");
        TrainOutputs.Write(trainDir, result, started, clock.Elapsed.TotalSeconds);
        foreach (var f in Directory.GetFiles(trainDir))
        {
            string name = Path.GetFileName(f);
            File.Move(f, Path.Combine(dir, name == "manifest.json" ? "train_manifest.json" : name), overwrite: true);
        }
        Directory.Delete(trainDir);
        if (result.Diverged) throw new InvalidOperationException(result.Summary.Message ?? "a chain diverged");
        return result.Summary;
    }
}
