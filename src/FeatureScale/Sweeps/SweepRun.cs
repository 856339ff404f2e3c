using System.Text.Json.Nodes;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>One run of a sweep: its stable key, its position in the expansion, the full config and the swept values.</summary>
/// <param name="Key">Readable and unique, e.g. "P=1600_d=40_seed=3_1a2b3c4d" (swept values + short hash of the full config).</param>
/// <param name="Index">Position in the deterministic expansion order (first axis outermost).</param>
/// <param name="Config">The full config handed to the executor (sweep variables starting with '$' removed).</param>
/// <param name="Values">The swept and derived values of this run, by field path (variables keep their '$').</param>
public sealed record SweepRun(string Key, int Index, JsonObject Config, IReadOnlyList<KeyValuePair<string, JsonNode?>> Values)
{
    /// <summary>Short SHA-256 fingerprint of the canonical config.</summary>
    public string ConfigHash => JsonPaths.ShortHash(Config);
}
