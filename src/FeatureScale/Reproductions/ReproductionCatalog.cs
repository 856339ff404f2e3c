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
/// The registry of reproductions, by id. Entries start unavailable (Run = null); the components that provide their
/// model and theory register an implementation with <see cref="Provide"/> (e.g. at CLI start-up).
/// </summary>
public static class ReproductionCatalog
{
    private const string Trainer = "the Langevin trainer (issue 3)";
    private const string Ldt = "the LDT / large-deviation theory of P* (Theory layer)";
    private const string Patterns = "the feature-learning-pattern engine (Theory layer)";
    private const string Kernels = "empirical NNGP kernels and spectra (Kernels layer)";
    private const string Attention = "a softmax-attention model (Models layer)";
    private const string Script = "its study script (model and theory exist in this build; the reproduction is not written yet)";
    private const string Adaptive = "the adaptive-kernel theory of 2310.03789 (Theory/Adaptive)";
    private const string CrossEntropy = "a cross-entropy Langevin variant for 2-parity (Sampling layer)";

    private static readonly List<Reproduction> Entries =
    [
        new(HeadlineId, "Headline study: two-layer erf on h3 — P* vs d (experiment, LDT, pattern engine) and specialised neurons vs √(N/d) (fig2b + fig2c)", [Trainer, Ldt, Patterns],
            PaperReproductions.Headline),
        new("fig2a", "Two-layer erf on h3: hidden pre-activation overlap density H_π, experiment vs exact LDT (P=40d, N=d=40)", [Trainer, Ldt],
            PaperReproductions.Fig2a),
        new("fig2b", "Two-layer erf on h3: P* (A_f = 0.1) vs d, experiment vs LDT; expected P* ∝ d", [Trainer, Ldt],
            ctx => Timed(() => PaperReproductions.Fig2b(ctx))),
        new("fig2c", "Two-layer erf on h3: specialised neurons vs √(N/d) at P=40d, d=40", [Trainer, Patterns],
            ctx => Timed(() => PaperReproductions.Fig2c(ctx))),
        new("fig3a", "Three-layer erf on h3: A_f vs P/d collapse for d = N1 = N2", [Trainer, Patterns], PaperReproductions.Fig3a),
        new("fig3b", "Softmax attention: A_f vs P/√(L d³)", [Attention, Trainer], ArchReproductions.Fig3b),
        new("fig3c", "Three-layer FCN: outlier counts vs (N1 N2/d²)^(1/3) at P=40d, d=N2=10", [Trainer, Patterns], PaperReproductions.Fig3c),
        new("fig5", "GFL propagation in a ReLU FCN: ⟨Φ|K⁻¹|Φ⟩ and ⟨Φ|K|Φ⟩⁻¹ vs D (expected D⁻²)", [Kernels], PaperReproductions.Fig5),
        new("fig6", "As fig5 with power-law input covariance k^-1.1 and layer norm", [Kernels], PaperReproductions.Fig6),
        new("fig7b", "Two-layer ReLU on 2-parity: specialising-neuron magnitude vs width, expected (N/d)^(1/4)", [CrossEntropy, Trainer], ArchReproductions.Fig7b),
        new("fig8", "Three-layer FCN (fig3c setting): pre-activation overlap distributions in layers 1 and 2", [Trainer], PaperReproductions.Fig8),
        new("fig9", "Test MSE vs (1 − A_f)² for the three-layer FCN (fig3a's sweep)", [Trainer], PaperReproductions.Fig9),
        new("table1", "Table 1: scaling of P* for each network/target (analytic)", [Patterns, Ldt], PaperReproductions.Table1),
        new("k2f-linear", "2502.03210 linear χ-network: train/test discrepancies vs χ — NNGP, tree level, large-N saddle, exact u-quadrature, Langevin ensembles", [Trainer], ChiReproductions.K2fLinear),
        new("grok-modadd", "2310.03789 §3.2 square-activation modular addition: target discrepancy and accuracy vs σ² (Langevin, GP, adaptive-kernel theory)", [Trainer], ModularReproduction.GrokModAdd),
        new("grok-fig2", "2310.03789 Fig. 2: cubic teacher (He₁ − 0.3 He₃, erf, Langevin) — −log p(w·w*) and the learned cubic component vs σ², experiment beside the adaptive-kernel theory; first-order jump near σ²_c ≈ 0.18",
            [Trainer, Adaptive], GrokReproductions.Fig2),
        new("grok-fig3", "2310.03789 Fig. 3: modular addition (theory) — per-mode action across GFL → GMFL-I → GMFL-II and the target component a vs σ²",
            [Adaptive], GrokReproductions.Fig3),
        new("grok-fig4-6", "2310.03789 App. D Figs. 4–6: width-driven, time-dependent grokking (N = 2800, 1400, 700 scaled) — −log p(w·w*), train/test loss vs Langevin time, He₁/He₃ projections vs time",
            [Trainer], GrokReproductions.Fig4to6),
    ];

    /// <summary>The default reproduction (the README's main job): fig2b + fig2c.</summary>
    public const string HeadlineId = "headline";

    private static ReproductionResult Timed(Func<IReadOnlyList<Verdict>> run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var v = run();
        return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
    }

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
