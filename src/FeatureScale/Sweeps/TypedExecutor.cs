using System.Text.Json;
using System.Text.Json.Nodes;

namespace FeatureScale.Sweeps;

/// <summary>
/// Adapts a typed entry point (e.g. the Langevin trainer) to sweeps: the run's JSON config is deserialised into
/// TConfig with FeatureScale's JSON conventions (snake_case; unknown fields rejected, so a typo in a spec fails
/// loudly), the entry point runs with the run's staging folder as its output folder, and its summary object is
/// serialised back to JSON. Plugging the trainer in is one line, e.g.
/// <code>RunExecutors.Register("train", () => new TypedExecutor&lt;TrainConfig&gt;((cfg, dir, sink) =&gt; Training.Run(cfg with { Out = dir }, sink)));</code>
/// </summary>
public sealed class TypedExecutor<TConfig>(Func<TConfig, string, IProgressSink, object> run,
    Action<TConfig>? validate = null, Func<JsonObject, JsonObject>? canonical = null) : IRunExecutor
{
    /// <inheritdoc />
    public JsonObject Canonical(JsonObject config) => canonical?.Invoke(config) ?? config;

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
