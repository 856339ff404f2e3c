using FeatureScale.Analysis;
using FeatureScale.Sweeps;
namespace FeatureScale.Reproductions;

/// <summary>Quick (≤ 5 minutes on 2 cores) or full (the paper's sizes, resumable) reproduction.</summary>
public enum ReproductionMode
{
    /// <summary>Small sizes, ≤ 5 minutes each on 2 cores.</summary>
    Quick,
    /// <summary>Approaches the paper's sizes (ensembles of 300, the paper's grids); resumable.</summary>
    Full,
}

/// <summary>What a reproduction is given when it runs.</summary>
public sealed record ReproductionContext(ReproductionMode Mode, string OutDir, IProgressSink Progress, TextWriter Log)
{
    /// <summary>
    /// Planning (for a scheduler): when set, the first sweep that is not complete is handed to it (folder, spec)
    /// instead of being run, and the reproduction stops with <see cref="SweepPlannedException"/>.
    /// </summary>
    public Action<string, SweepSpec>? PlanSweep { get; init; }

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
        var outcome = SweepRunner.Run(spec, dir, Shard.All, sink, log: Log);
        if (outcome.Failed > 0) throw new InvalidOperationException($"{outcome.Failed} runs of sweep '{name}' failed (see {Path.Combine(dir, "failures")}); re-run to retry them");
        return SweepAnalysis.Analyse(dir);
    }

    private sealed class RangeSink(IProgressSink inner, double from, double to) : IProgressSink
    {
        public void Report(double fraction, string status) => inner.Report(from + (to - from) * Math.Clamp(fraction, 0, 1), status);
    }
}

/// <summary>What a reproduction produced: its verdict lines (also written to OutDir/verdicts.json).</summary>
public sealed record ReproductionResult(IReadOnlyList<Verdict> Verdicts, double WallSeconds);

/// <summary>
/// One reproducible figure or table of arXiv 2512.04165 (ids grok-* : arXiv 2310.03789). <see cref="Run"/> is null until the model and theory it
/// needs exist in this build; <see cref="Needs"/> says what that is.
/// </summary>
/// <param name="Id">e.g. "fig2b".</param>
/// <param name="Title">What the figure shows.</param>
/// <param name="Needs">The components (issues) it needs, e.g. "the Langevin trainer (issue 3)".</param>
/// <param name="Run">The implementation, or null when not available in this build.</param>
public sealed record Reproduction(string Id, string Title, IReadOnlyList<string> Needs, Func<ReproductionContext, ReproductionResult>? Run)
{
    /// <summary>Whether this build can run it.</summary>
    public bool Available => Run is not null;

    /// <summary>"fig2b: needs the Langevin trainer (issue 3), …; not yet in this build".</summary>
    public string UnavailableMessage => $"{Id}: needs {string.Join(" and ", Needs)}; not yet in this build";
}

/// <summary>
/// Registers a reproduction: put it on a public static method taking a <see cref="ReproductionContext"/> and
/// returning a <see cref="ReproductionResult"/> (or its verdict list, then timed here). Adding a figure is one file:
/// the method with this attribute. <see cref="Order"/> sets the place in listings (the paper's order).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReproductionAttribute(string id, string title, double order, params string[] needs) : Attribute
{
    /// <summary>e.g. "fig2b".</summary>
    public string Id { get; } = id;
    /// <summary>What the figure shows.</summary>
    public string Title { get; } = title;
    /// <summary>Place in listings.</summary>
    public double Order { get; } = order;
    /// <summary>The components it needs (for listings).</summary>
    public IReadOnlyList<string> Needs { get; } = needs;
}

/// <summary>What reproductions need, as listed by <c>reproduce --list</c>.</summary>
public static class Needs
{
    public const string Trainer = "the Langevin trainer (issue 3)";
    public const string Ldt = "the LDT / large-deviation theory of P* (Theory layer)";
    public const string Patterns = "the feature-learning-pattern engine (Theory layer)";
    public const string Kernels = "empirical NNGP kernels and spectra (Kernels layer)";
    public const string Attention = "a softmax-attention model (Architectures layer)";
    public const string Adaptive = "the adaptive-kernel theory of 2310.03789 (Theory/Adaptive)";
    public const string CrossEntropy = "a cross-entropy Langevin variant for 2-parity (Sampling layer)";
}

/// <summary>
/// The registry of reproductions, by id: every method marked <see cref="ReproductionAttribute"/> in this assembly,
/// found once by reflection, in their <see cref="ReproductionAttribute.Order"/>.
/// </summary>
public static class ReproductionCatalog
{
    private static readonly List<Reproduction> Entries = Discover();

    private static List<Reproduction> Discover()
    {
        var found = new List<(double Order, Reproduction Entry)>();
        foreach (var type in typeof(ReproductionCatalog).Assembly.GetTypes())
        foreach (var m in type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            if (m.GetCustomAttributes(typeof(ReproductionAttribute), false) is not [ReproductionAttribute attr]) continue;
            if (m.GetParameters() is not [{ ParameterType: var p }] || p != typeof(ReproductionContext))
                throw new InvalidOperationException($"[Reproduction] {type.Name}.{m.Name} must take one ReproductionContext");
            Func<ReproductionContext, ReproductionResult> run = m.ReturnType == typeof(ReproductionResult)
                ? m.CreateDelegate<Func<ReproductionContext, ReproductionResult>>()
                : m.ReturnType == typeof(IReadOnlyList<Verdict>)
                    ? Timed(m.CreateDelegate<Func<ReproductionContext, IReadOnlyList<Verdict>>>())
                    : throw new InvalidOperationException($"[Reproduction] {type.Name}.{m.Name} has return type {m.ReturnType.Name}");
            found.Add((attr.Order, new Reproduction(attr.Id, attr.Title, attr.Needs, run)));
        }
        var ids = found.GroupBy(f => f.Entry.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (ids.Count > 0) throw new InvalidOperationException($"reproduction ids registered twice: {string.Join(", ", ids)}");
        return found.OrderBy(f => f.Order).Select(f => f.Entry).ToList();
    }

    /// <summary>The default reproduction (the README's main job): fig2b + fig2c.</summary>
    public const string HeadlineId = "headline";

    private static Func<ReproductionContext, ReproductionResult> Timed(Func<ReproductionContext, IReadOnlyList<Verdict>> run) =>
        ctx =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var v = run(ctx);
            return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
        };

    /// <summary>All reproductions in the paper's order.</summary>
    public static IReadOnlyList<Reproduction> All { get { lock (Entries) return Entries.ToList(); } }

    /// <summary>The reproduction with this id; unknown ids are a <see cref="ConfigException"/>.</summary>
    public static Reproduction Get(string id)
    {
        lock (Entries)
            return Entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigException($"unknown reproduction '{id}' (known: {string.Join(", ", Entries.Select(e => e.Id))})");
    }

    /// <summary>Installs the implementation of a registered id (called by the component that makes it possible).</summary>
    public static void Provide(string id, Func<ReproductionContext, ReproductionResult> run)
    {
        lock (Entries)
        {
            int i = Entries.FindIndex(e => e.Id == id);
            if (i < 0) throw new ArgumentException($"unknown reproduction '{id}'");
            Entries[i] = Entries[i] with { Run = run };
        }
    }
}
