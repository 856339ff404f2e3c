using System.Text.Json.Nodes;

namespace FeatureScale.Sweeps;

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

    /// <summary>The config as it is keyed and run: fills in a default whose value has changed between versions (e.g.
    /// the trainer's sampler), so that a stored run made under the old default is not taken for the new one. The
    /// default returns the config unchanged.</summary>
    JsonObject Canonical(JsonObject config) => config;
}
