using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureScale.Reporting;

namespace FeatureScale.Cli;

/// <summary>
/// Checks an output folder before any work: it must be a folder (not a file), creatable and writable, and either
/// empty, or the output of the same command with the same config (a re-run or a resume). A folder holding another
/// run's output (its manifest.json names another command or config) is refused unless <c>--force</c>, which then
/// removes that earlier output so that no stale file stays beside the new ones; a non-empty folder without a
/// manifest.json is refused unless <c>--force</c> (then written into, nothing removed).
/// </summary>
public static class OutputFolder
{
    /// <summary>The help text of every command's --force.</summary>
    public const string ForceHelp = "Write into a non-empty --out folder that holds another run's output (that output is removed first).";

    /// <summary>Checks that dir can receive output and creates it; throws <see cref="ConfigException"/> naming the option.</summary>
    public static void Prepare(string dir, string option, bool force, string command, object? config, bool resumable = false)
    {
        CheckWritable(dir, option);
        var entries = Directory.EnumerateFileSystemEntries(dir).ToList();
        if (entries.Count == 0) return;
        var manifestPath = Path.Combine(dir, Manifest.FileName);
        if (!File.Exists(manifestPath))
        {
            if (resumable || force) return;
            throw new ConfigException($"{option} '{dir}' is not empty and holds no manifest.json of a FeatureScale run; " +
                "use a new or empty folder, or --force to write into it anyway");
        }
        var (oldCommand, oldConfig) = ReadManifest(manifestPath);
        var newConfig = config is null ? null : JsonSerializer.SerializeToNode(config, config.GetType(), Json.Options);
        bool same = oldCommand == command && (config is null || JsonPaths.Canonical(oldConfig) == JsonPaths.Canonical(newConfig));
        if (same) return;
        if (!force)
            throw new ConfigException($"{option} '{dir}' holds the output of another run ('{oldCommand}'" +
                (oldCommand == command ? " with a different config" : "") + "); use a new folder, or --force to replace it");
        foreach (var f in Directory.GetFiles(dir)) File.Delete(f);
        foreach (var d in Directory.GetDirectories(dir)) Directory.Delete(d, recursive: true);
    }

    /// <summary>Checks that dir is (or can be made) a writable folder and creates it.</summary>
    public static void CheckWritable(string dir, string option)
    {
        if (string.IsNullOrWhiteSpace(dir)) throw new ConfigException($"{option} must name a folder");
        if (File.Exists(dir)) throw new ConfigException($"{option} '{dir}' is a file, not a folder");
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".featurescale-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ConfigException($"{option} '{dir}' cannot be created or written ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Checks a file that will be written (e.g. --plot, --density) before any work.</summary>
    public static void CheckFile(string path, string option)
    {
        if (Directory.Exists(path)) throw new ConfigException($"{option} '{path}' is a folder, not a file");
        var parent = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CheckWritable(parent, option);
    }

    private static (string? Command, JsonNode? Config) ReadManifest(string path)
    {
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            return (node?["command"]?.GetValue<string>(), node?["config"]);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return ("(unreadable manifest)", null);
        }
    }
}
