using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureScale.Numerics;
using FeatureScale.Experiments;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>What an executor gets for one run.</summary>
/// <param name="Config">The run's full config (a private copy).</param>
/// <param name="Directory">A private staging folder for extra output files (CSV, histograms); it becomes the run's
/// folder when the run finishes, and is discarded if the run is interrupted.</param>
/// <param name="Progress">Progress of this run, fraction in [0, 1].</param>
/// <param name="Cancel">Set when the sweep is asked to stop.</param>
public sealed record RunContext(JsonObject Config, string Directory, IProgressSink Progress, CancellationToken Cancel = default);

/// <summary>
/// Runs one config of a sweep and returns its summary (e.g. the trainer's summary.json object). Must be
/// deterministic in the config (seed included) for resumed sweeps to equal uninterrupted ones.
/// </summary>
public interface IRunExecutor
{
    /// <summary>Runs the config; throws <see cref="ConfigException"/> for a config it cannot use.</summary>
    JsonObject Execute(RunContext context);

    /// <summary>Checks a config without running it (all of a sweep's runs are checked before the first runs);
    /// throws <see cref="ConfigException"/> for a config it cannot use. The default accepts everything.</summary>
    void Validate(JsonObject config) { }
}

/// <summary>
/// Marks a sweep executor so that <see cref="RunExecutors"/> finds it by name: the type either implements
/// <see cref="IRunExecutor"/> with a parameterless constructor, or has a static <c>Create()</c> returning one.
/// Experiments register themselves this way, so the sweep layer never refers to them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RunExecutorAttribute(string name) : Attribute
{
    /// <summary>The name used in sweep specs' "executor" field.</summary>
    public string Name { get; } = name;
}

/// <summary>Executors by name, as referenced by a sweep spec's "executor" field.</summary>
public static class RunExecutors
{
    private static readonly Dictionary<string, Func<IRunExecutor>> Factories = Discover();

    private static Dictionary<string, Func<IRunExecutor>> Discover()
    {
        var found = new Dictionary<string, Func<IRunExecutor>>(StringComparer.Ordinal);
        foreach (var type in typeof(RunExecutors).Assembly.GetTypes())
        {
            if (type.GetCustomAttributes(typeof(RunExecutorAttribute), false) is not [RunExecutorAttribute attr]) continue;
            var create = type.GetMethod("Create", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, Type.EmptyTypes);
            if (create is not null && typeof(IRunExecutor).IsAssignableFrom(create.ReturnType))
                found.Add(attr.Name, () => (IRunExecutor)create.Invoke(null, null)!);
            else if (typeof(IRunExecutor).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
                found.Add(attr.Name, () => (IRunExecutor)Activator.CreateInstance(type)!);
            else
                throw new InvalidOperationException($"{type.FullName} is marked [RunExecutor] but has neither Create() nor a parameterless IRunExecutor constructor");
        }
        return found;
    }

    /// <summary>Registers (or replaces) an executor factory, e.g. <c>Register("train", () => new TrainExecutor())</c>.</summary>
    public static void Register(string name, Func<IRunExecutor> factory)
    {
        lock (Factories) Factories[name] = factory;
    }

    /// <summary>The registered names.</summary>
    public static IReadOnlyList<string> Names { get { lock (Factories) return Factories.Keys.Order(StringComparer.Ordinal).ToList(); } }

    /// <summary>A new executor by name; unknown names are a <see cref="ConfigException"/>.</summary>
    public static IRunExecutor Create(string name)
    {
        lock (Factories)
            return Factories.TryGetValue(name, out var f) ? f()
                : throw new ConfigException($"unknown executor '{name}' (available in this build: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))})");
    }
}

/// <summary>
/// TEST/DEMO EXECUTOR — NOT A PHYSICS RESULT. Produces a synthetic alignment curve so the sweep → analysis →
/// report pipeline can be exercised without the Langevin trainer:
/// A_f(P) = 1/(1 + exp(−(ln P − ln P₀)/s)) with P₀ = P*·9^s, so that A_f(P*) = 0.1 exactly at the planted
/// P* = c·d^k; each of the "chains" gets Gaussian noise of sd "noise" from RandomStream(seed, chain,
/// "synthetic-alignment P=.. d=..") (independent noise for every (P, d, seed, chain)). Config fields (defaults): P (required), d (required), seed (1), chains (8), c (10),
/// k (1), s (0.35), noise (0.02), width (= d), delay_ms (0: sleep per run, to make sweeps slow enough to interrupt
/// in tests). The summary has the trainer's shape (alignment, test_mse, train_mse, specialised, rhat, ess, steps,
/// wall_seconds) plus "synthetic": true and the planted "planted_pstar".
/// </summary>
[RunExecutor(Name)]
public sealed class SyntheticAlignmentExecutor : IRunExecutor
{
    /// <summary>The name used in sweep specs.</summary>
    public const string Name = "synthetic-alignment";

    /// <summary>The planted threshold crossing P* = c·d^k.</summary>
    public static double PlantedPStar(double d, double c = 10, double k = 1) => c * Math.Pow(d, k);

    /// <summary>The noiseless synthetic curve.</summary>
    public static double Curve(double p, double d, double c = 10, double k = 1, double s = 0.35)
    {
        double p0 = PlantedPStar(d, c, k) * Math.Pow(9, s);
        return 1 / (1 + Math.Exp(-(Math.Log(p) - Math.Log(p0)) / s));
    }

    public JsonObject Execute(RunContext ctx)
    {
        var clock = Stopwatch.StartNew();
        var cfg = ctx.Config;
        var (p, d, seed, chains, c, k, s, noise, width, delay) = Read(cfg);
        double a0 = Curve(p, d, c, k, s);
        var a = new double[chains];
        for (int ch = 0; ch < chains; ch++)
        {
            var rng = RandomStream.For(seed, (uint)ch, FormattableString.Invariant($"synthetic-alignment P={p:R} d={d:R}"));
            a[ch] = a0 + noise * rng.NextGaussian();
            ctx.Progress.Report((ch + 1.0) / chains, FormattableString.Invariant($"A_f={a[ch]:0.000}"));
            if (delay > 0) Task.Delay(delay / chains + 1, ctx.Cancel).GetAwaiter().GetResult();
        }
        var (mean, sem) = MeanSem(a);
        var test = a.Select(x => (1 - x) * (1 - x) + 0.05).ToArray();
        var train = a.Select(x => 0.5 * (1 - x) * (1 - x) + 0.02).ToArray();
        var spec = a.Select(x => Math.Sqrt(width / d) * Math.Clamp(x, 0, 1) * 3).ToArray();
        var (tm, ts) = MeanSem(test); var (rm, rs) = MeanSem(train); var (sm, ss) = MeanSem(spec);
        return new JsonObject
        {
            ["synthetic"] = true,
            ["note"] = "synthetic-alignment test/demo executor: a planted logistic curve, not a physics result",
            ["planted_pstar"] = PlantedPStar(d, c, k),
            ["alignment"] = new JsonObject { ["mean"] = mean, ["sem"] = sem },
            ["test_mse"] = new JsonObject { ["mean"] = tm, ["sem"] = ts },
            ["train_mse"] = new JsonObject { ["mean"] = rm, ["sem"] = rs },
            ["specialised"] = new JsonArray(new JsonObject { ["layer"] = 1, ["mean"] = sm, ["sem"] = ss }),
            ["rhat"] = 1.0,
            ["ess"] = (double)chains,
            ["steps"] = 0,
            ["wall_seconds"] = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>Checks the config's fields (as <see cref="Execute"/> reads them) without running.</summary>
    public void Validate(JsonObject config) => Read(config);

    private static (double P, double D, ulong Seed, int Chains, double C, double K, double S, double Noise, double Width, int Delay) Read(JsonObject cfg)
    {
        double Field(string name, double fallback, bool required = false)
        {
            double v = JsonPaths.GetDouble(cfg, name);
            if (double.IsNaN(v)) return required ? throw new ConfigException($"synthetic-alignment: config field '{name}' (a number) is required") : fallback;
            if (!double.IsFinite(v)) throw new ConfigException($"synthetic-alignment: config field '{name}' must be finite (got {v})");
            return v;
        }
        double p = Field("P", 0, true), d = Field("d", 0, true);
        if (p < 1 || d < 1) throw new ConfigException($"synthetic-alignment: P and d must be ≥ 1 (P={p}, d={d})");
        double seed = Field("seed", 1);
        if (seed < 0) throw new ConfigException($"synthetic-alignment: seed must be ≥ 0 (got {seed})");
        double chains = Field("chains", 8);
        if (chains < 1 || chains > 1e7) throw new ConfigException($"synthetic-alignment: chains must be in 1..10^7 (got {chains})");
        double c = Field("c", 10), k = Field("k", 1), s = Field("s", 0.35), noise = Field("noise", 0.02), width = Field("width", d);
        if (!(s > 0)) throw new ConfigException($"synthetic-alignment: s must be positive (got {s})");
        double delay = Field("delay_ms", 0);
        if (delay < 0 || delay > 3.6e6) throw new ConfigException($"synthetic-alignment: delay_ms must be in 0..3600000 (got {delay})");
        return (p, d, (ulong)seed, (int)chains, c, k, s, noise, width, (int)delay);
    }

    private static (double Mean, double Sem) MeanSem(double[] x)
    {
        double m = x.Average();
        if (x.Length < 2) return (m, double.NaN);
        double v = x.Sum(t => (t - m) * (t - m)) / (x.Length - 1);
        return (m, Math.Sqrt(v / x.Length));
    }
}

/// <summary>
/// Adapts a typed entry point (e.g. the Langevin trainer) to sweeps: the run's JSON config is deserialised into
/// TConfig with FeatureScale's JSON conventions (snake_case; unknown fields rejected, so a typo in a spec fails
/// loudly), the entry point runs with the run's staging folder as its output folder, and its summary object is
/// serialised back to JSON. Plugging the trainer in is one line, e.g.
/// <code>RunExecutors.Register("train", () => new TypedExecutor&lt;TrainConfig&gt;((cfg, dir, sink) =&gt; Training.Run(cfg with { Out = dir }, sink)));</code>
/// </summary>
public sealed class TypedExecutor<TConfig>(Func<TConfig, string, IProgressSink, object> run, Action<TConfig>? validate = null) : IRunExecutor
{
    /// <summary>Deserialises (unknown fields rejected) and applies the entry point's own checks, without running.</summary>
    public void Validate(JsonObject config) => validate?.Invoke(Read(config));

    private static TConfig Read(JsonObject config)
    {
        try { return config.Deserialize<TConfig>(Strict) ?? throw new ConfigException("config is null"); }
        catch (System.Text.Json.JsonException e) { throw new ConfigException($"run config does not fit {typeof(TConfig).Name}: {e.Message.Split('\n')[0]}"); }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Strict = new(Reporting.Json.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public JsonObject Execute(RunContext ctx)
    {
        TConfig config = Read(ctx.Config);
        var summary = run(config, ctx.Directory, ctx.Progress);
        return summary as JsonObject
            ?? System.Text.Json.JsonSerializer.SerializeToNode(summary, summary.GetType(), Reporting.Json.Options) as JsonObject
            ?? throw new InvalidOperationException($"{typeof(TConfig).Name} run returned a summary that is not a JSON object");
    }
}
