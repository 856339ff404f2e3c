using FeatureScale.Sweeps;

namespace FeatureScale.Experiments;

/// <summary>
/// The "train" sweep executor: each run's config is a <see cref="TrainConfig"/> (snake_case keys, unknown keys
/// rejected), run by <see cref="Training.Run"/>; the run's folder receives the trainer's files (summary.json,
/// samples.csv, histograms.csv, overlaps.csv with write_overlaps, and the trainer's own manifest as
/// train_manifest.json — the sweep writes the run's manifest.json) and the run's summary is the trainer's summary.json
/// object (paths such as <c>alignment.mean</c>, <c>specialised.0.mean</c>). A run in which a chain diverged is rerun
/// at half the step fraction when its step is automatic (<see cref="RunRetrying"/>); if it still diverges it is a
/// failure (recorded in failures/, retried by the next invocation) and its partial files are discarded.
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

    /// <summary>How many times a diverged run with an automatic step is rerun at half the step fraction.</summary>
    public const int DivergenceRetries = 2;

    /// <summary>A new executor.</summary>
    public static IRunExecutor Create() => new TypedExecutor<TrainConfig>(RunRetrying, Validate, Canonical);

    /// <summary>
    /// The config as keyed: one that names no sampler gets the default's name written in (up to version 0.1 such a
    /// config meant ULA; writing the name in gives it a new key, so a sweep folder of that version reruns those runs
    /// instead of mixing ULA results with BAOAB ones). A config that names its sampler is unchanged.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject Canonical(System.Text.Json.Nodes.JsonObject config)
    {
        if (config.ContainsKey("sampler")) return config;
        var c = (System.Text.Json.Nodes.JsonObject)config.DeepClone();
        c["sampler"] = new System.Text.Json.Nodes.JsonObject { ["name"] = Sampling.SamplerSettings.DefaultName };
        return c;
    }

    /// <summary>
    /// Runs one config; when a chain diverges and the step follows the probed curvature (precond, mala, baoab without
    /// an explicit step; λ_max is probed at one prior draw and the posterior can be stiffer, e.g. a CNN's once its
    /// read-out fits), the run starts again from the same seed at half the step fraction, at most
    /// <see cref="DivergenceRetries"/> times, and the summary's warnings say so (a smaller step only lowers the
    /// discretisation bias). The run's key keeps the config as written; train_manifest.json records the step used.
    /// </summary>
    public static object RunRetrying(TrainConfig cfg, string dir, IProgressSink sink)
    {
        var notes = new List<string>();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                object s = cfg.IsFcnHermite ? Run(cfg, dir, sink) : RunArch(cfg, dir, sink);
                return notes.Count == 0 ? s : s switch
                {
                    TrainSummary t => t with { Warnings = [.. t.Warnings, .. notes] },
                    ArchTrainSummary a => a with { Warnings = [.. a.Warnings, .. notes] },
                    _ => s,
                };
            }
            catch (DivergedRunException e) when (attempt < DivergenceRetries
                && Sampling.SamplerCatalog.AutomaticStepFraction(cfg.Sampler) is { } f)
            {
                double half = f / 2;
                notes.Add(FormattableString.Invariant(
                    $"{e.Message}; rerun from the start at step_fraction {half:G3} (was {f:G3})"));
                cfg = cfg with { Sampler = cfg.Sampler with { StepFraction = half } };
            }
        }
    }

    /// <summary>A run in which a chain diverged (its message names the chain, the step and the sampler).</summary>
    public sealed class DivergedRunException(string message) : InvalidOperationException(message);

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
        if (diverged) throw new DivergedRunException(message ?? "a chain diverged");
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
