using System.Globalization;
using System.Text.Json.Nodes;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>
/// A claim on one run of a sweep folder: the file <c>runs/.claims/KEY.claim</c>, created with O_EXCL
/// (<see cref="FileMode.CreateNew"/>), holding the owner's host, pid, a token and the claim time; its
/// modification time is the heartbeat, refreshed every <see cref="ClaimPolicy.HeartbeatInterval"/> while the run
/// is computed. A claim is stale when its heartbeat is older than <see cref="ClaimPolicy.Timeout"/>, or when it
/// belongs to this host and its pid is dead; a stale claim is taken over (renamed away, which only one process can
/// do, then created anew). So any number of processes on one folder share the runs without computing one twice.
/// Dispose releases the claim (deletes the file if it is still ours).
/// </summary>
public sealed class RunClaim : IDisposable
{
    private readonly string _path;
    private readonly string _token;
    private readonly Timer _heartbeat;
    private int _disposed;

    private RunClaim(string path, string token, TimeSpan interval)
    {
        _path = path;
        _token = token;
        _heartbeat = new Timer(_ => Beat(), null, interval, interval);
    }

    /// <summary>The run key this claim holds.</summary>
    public string Key => Path.GetFileNameWithoutExtension(_path);

    /// <summary>Folder of the claim files of a sweep folder.</summary>
    public static string Folder(string sweepRoot) => Path.Combine(sweepRoot, "runs", ".claims");

    /// <summary>Claims a run, taking over a stale claim; null if a live process holds it.</summary>
    public static RunClaim? TryAcquire(string sweepRoot, string key, ClaimPolicy policy)
    {
        var dir = Folder(sweepRoot);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, key + ".claim");
        string token = Guid.NewGuid().ToString("N");
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (TryCreate(path, token)) return new RunClaim(path, token, policy.HeartbeatInterval);
            var holder = ClaimHolder.Read(path);
            if (holder is null) continue;                 // released between our create and read: try again
            if (!holder.IsStale(policy.Timeout)) return null;
            var aside = path + ".stale-" + token;
            try { File.Move(path, aside); }
            catch (FileNotFoundException) { continue; }   // another process took it over first
            catch (IOException) { continue; }
            // between our read and the rename another process may have taken the claim over: put a fresh one back
            if (ClaimHolder.Read(aside) is { } moved && moved.Token != holder.Token)
            {
                try { File.Move(aside, path); } catch (IOException) { }
                return null;
            }
            try { File.Delete(aside); } catch (IOException) { }
        }
        return null;
    }

    private static bool TryCreate(string path, string token)
    {
        var doc = new JsonObject
        {
            ["host"] = SweepStore.Host, ["pid"] = Environment.ProcessId, ["token"] = token,
            ["claimed_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        try
        {
            using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            using var w = new StreamWriter(fs);
            w.Write(doc.ToJsonString(Json.Options));
            return true;
        }
        // the holder may release (delete) the file between our failed create and a File.Exists: EEXIST decides
        catch (IOException e) when (File.Exists(path) || e.HResult is EExist or FileExistsWin32) { return false; }
    }

    private const int EExist = 17;                                    // errno EEXIST (Unix)
    private const int FileExistsWin32 = unchecked((int)0x80070050);   // ERROR_FILE_EXISTS

    /// <summary>Whether the claim file is still this claim (not taken over after a missed heartbeat).</summary>
    public bool StillOurs => ClaimHolder.Read(_path)?.Token == _token;

    private void Beat()
    {
        try { if (StillOurs) File.SetLastWriteTimeUtc(_path, DateTime.UtcNow); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _heartbeat.Dispose();
        try { if (StillOurs) File.Delete(_path); } catch (IOException) { }
    }

    /// <summary>The keys claimed by live processes (any host) in a sweep folder.</summary>
    public static IReadOnlyList<ClaimHolder> Live(string sweepRoot, ClaimPolicy policy)
    {
        var dir = Folder(sweepRoot);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.claim").Select(ClaimHolder.Read)
            .Where(h => h is not null && !h.IsStale(policy.Timeout)).Select(h => h!).OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
    }
}
