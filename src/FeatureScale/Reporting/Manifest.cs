using System.Text.Json;
using System.Text.Json.Nodes;

namespace FeatureScale.Reporting;

/// <summary>
/// manifest.json: what was run (command, full config, seed), with what (version, git commit, backend, OpenBLAS core,
/// threads) and how long it took. Every command that produces results writes one beside them.
/// </summary>
public sealed record Manifest(
    string Command, JsonNode? Config, ulong? Seed, RunEnvironment Environment, DateTimeOffset StartedUtc, double WallSeconds,
    IReadOnlyDictionary<string, string>? Notes = null)
{
    /// <summary>File name used in every output folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Builds a manifest for a config object (serialised with FeatureScale's JSON conventions).</summary>
    public static Manifest Create<TConfig>(string command, TConfig config, ulong? seed, DateTimeOffset started, double wallSeconds, IReadOnlyDictionary<string, string>? notes = null) =>
        new(command, JsonSerializer.SerializeToNode(config, Json.Options), seed, RunEnvironment.Current(), started, wallSeconds, notes);

    /// <summary>Writes manifest.json into a folder (atomically).</summary>
    public void WriteTo(string directory) => Json.Write(Path.Combine(directory, FileName), this);
}
