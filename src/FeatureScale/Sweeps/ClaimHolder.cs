using System.Globalization;
using System.Text.Json.Nodes;

namespace FeatureScale.Sweeps;

/// <summary>Who holds a run claim (the content of a <c>runs/.claims/KEY.claim</c> file) and its last heartbeat.</summary>
/// <param name="Key">The run key.</param>
/// <param name="Host">The owner's host (as in <see cref="SweepStore.Host"/>).</param>
/// <param name="Pid">The owner's process id.</param>
/// <param name="Token">A random id of this claim.</param>
/// <param name="Heartbeat">The claim file's modification time (UTC), refreshed by the owner while it computes.</param>
public sealed record ClaimHolder(string Key, string Host, int Pid, string Token, DateTime Heartbeat)
{
    /// <summary>Stale: the heartbeat is older than timeout, or the owner is a dead process of this host.</summary>
    public bool IsStale(TimeSpan timeout) =>
        DateTime.UtcNow - Heartbeat > timeout || (Host == SweepStore.Host && !SweepStore.ProcessAlive(Pid));

    /// <summary>How long a claim file that is not yet valid JSON counts as being written by its owner.</summary>
    public static readonly TimeSpan HalfWrittenGrace = TimeSpan.FromSeconds(10);

    /// <summary>The host of a claim that is being written (live until the heartbeat timeout).</summary>
    public const string BeingWritten = "(being written)";

    /// <summary>Reads a claim file; null if it is gone. A half-written file younger than
    /// <see cref="HalfWrittenGrace"/> is being created by its owner and counts as live; an older one (its owner
    /// crashed while creating it) reads as a holder with pid 0 on this host, so it counts as stale.</summary>
    public static ClaimHolder? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var beat = File.GetLastWriteTimeUtc(path);
            var key = Path.GetFileNameWithoutExtension(path);
            JsonObject? doc = null;
            try { doc = JsonNode.Parse(text) as JsonObject; } catch (System.Text.Json.JsonException) { }
            // half-written: its owner is writing it now (younger than the grace), or crashed while creating it
            if (doc is null)
                return DateTime.UtcNow - beat < HalfWrittenGrace
                    ? new ClaimHolder(key, BeingWritten, 0, "", beat)
                    : new ClaimHolder(key, SweepStore.Host, 0, "", beat);
            return new ClaimHolder(key, (string?)doc["host"] ?? "", (int?)doc["pid"] ?? 0, (string?)doc["token"] ?? "", beat);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (IOException) { return null; }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Key} (host {Host}, pid {Pid}, heartbeat {Heartbeat:HH:mm:ss} UTC)");
}
