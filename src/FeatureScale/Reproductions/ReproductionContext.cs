using FeatureScale.Analysis;
using FeatureScale.Sweeps;
namespace FeatureScale.Reproductions;

/// <summary>What a reproduction is given when it runs.</summary>
public sealed record ReproductionContext(ReproductionMode Mode, string OutDir, IProgressSink Progress, TextWriter Log)
{
    /// <summary>
    /// Planning (for a scheduler): when set, the first sweep that is not complete is handed to it (folder, spec)
    /// instead of being run, and the reproduction stops with <see cref="SweepPlannedException"/>.
    /// </summary>
    public Action<string, SweepSpec>? PlanSweep { get; init; }

    /// <summary>
    /// Runs every sweep with this executor instead of the one its spec names (tests and demos: the synthetic
    /// executor exercises a whole reproduction — sweeps, analyses, figures, report — in seconds; its analyses say
    /// "SYNTHETIC").
    /// </summary>
    public IRunExecutor? Executor { get; init; }

    /// <summary>
    /// Runs a sweep into OutDir/name (resumable: a re-run of the reproduction skips finished runs, which is what makes
    /// --full resumable) and its analysis; returns the analysis verdicts. Fails if any run failed.
    /// </summary>
    public IReadOnlyList<Verdict> SweepAndAnalyse(string name, SweepSpec spec, double progressFrom = 0, double progressTo = 1)
    {
        var dir = Path.Combine(OutDir, name);
        if (PlanSweep is not null && spec.Expand() is var runs && runs.Any(r => !new SweepStore(dir).IsDone(r.Key)))
        {
            PlanSweep(dir, spec);
            throw new SweepPlannedException(name);
        }
        var sink = new RangeSink(Progress, progressFrom, progressTo);
        var outcome = SweepRunner.Run(spec, dir, Shard.All, sink, Executor, log: Log);
        if (outcome.Failed > 0) throw new InvalidOperationException($"{outcome.Failed} runs of sweep '{name}' failed (see {Path.Combine(dir, "failures")}); re-run to retry them");
        return SweepAnalysis.Analyse(dir);
    }

    private sealed class RangeSink(IProgressSink inner, double from, double to) : IProgressSink
    {
        public void Report(double fraction, string status) => inner.Report(from + (to - from) * Math.Clamp(fraction, 0, 1), status);
    }
}
