using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>
/// The on-disk store of a sweep. Layout of DIR:
/// <list type="bullet">
/// <item><c>sweep.json</c> — the spec and the expanded run list (index, key, config hash).</item>
/// <item><c>runs/KEY/</c> — one folder per finished run: config.json, manifest.json, result.json (+ executor files).
/// A run folder appears in one atomic rename of its staging folder, only after result.json is written, so a run
/// is done exactly when runs/KEY/result.json exists.</item>
/// <item><c>runs/.staging/KEY.HOST.PID.GUID/</c> — runs in progress; left-overs of killed processes of this host are
/// deleted (folders of other hosts sharing the folder are left to their own processes).</item>
/// <item><c>failures/KEY.json</c> — the last error of a run that threw (retried by the next invocation).</item>
/// <item><c>results.csv</c> — one row per finished run (swept values + flattened summary), rewritten after each invocation.</item>
/// </list>
/// </summary>
public sealed class SweepStore
{
    /// <summary>The sweep folder.</summary>
    public string Root { get; }
    /// <summary>Folder of finished runs.</summary>
    public string RunsDir => Path.Combine(Root, "runs");
    private string StagingDir => Path.Combine(RunsDir, ".staging");
    private string FailuresDir => Path.Combine(Root, "failures");

    /// <summary>A store rooted at dir (not created until used).</summary>
    public SweepStore(string dir) { Root = Path.GetFullPath(dir); }

    /// <summary>Path of a run's result file.</summary>
    public string ResultPath(string key) => Path.Combine(RunsDir, key, "result.json");

    /// <summary>Whether a run has finished: its result.json exists and is a readable JSON object (a truncated or
    /// corrupt file, e.g. after a power cut, does not count).</summary>
    public bool IsDone(string key) => File.Exists(ResultPath(key)) && ReadableResult(ResultPath(key));

    private static bool ReadableResult(string path)
    {
        try { return JsonNode.Parse(File.ReadAllText(path)) is JsonObject; }
        catch (System.Text.Json.JsonException) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>Paths of run result files that exist but cannot be read as JSON (truncated or corrupt).</summary>
    public IReadOnlyList<string> UnreadableResults() =>
        !Directory.Exists(RunsDir) ? [] :
        Directory.GetDirectories(RunsDir).Where(d => Path.GetFileName(d) != ".staging")
            .Select(d => Path.Combine(d, "result.json")).Where(f => File.Exists(f) && !ReadableResult(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Moves the folders of runs with an unreadable result.json to quarantine/KEY.UTC (kept for inspection, out of
    /// the store) so that the run is executed again; returns the quarantined result paths (as they were).
    /// </summary>
    public IReadOnlyList<string> QuarantineUnreadable()
    {
        var bad = UnreadableResults();
        foreach (var file in bad)
        {
            var runDir = Path.GetDirectoryName(file)!;
            var target = Path.Combine(Root, "quarantine", $"{Path.GetFileName(runDir)}.{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(runDir, target);
        }
        return bad;
    }

    /// <summary>The stored spec, or null if this folder holds no sweep.</summary>
    public SweepSpec? LoadSpec()
    {
        var path = Path.Combine(Root, "sweep.json");
        if (!File.Exists(path)) return null;
        var node = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new ConfigException($"{path} is not a sweep file");
        return SweepSpec.Parse(node["spec"]?.ToJsonString() ?? throw new ConfigException($"{path} has no spec"));
    }

    /// <summary>
    /// True when DIR holds a sweep, or is empty but for what <see cref="Initialise"/> creates before sweep.json
    /// lands (runs/, sweep.json's temporary file, the CLI's write probe): another process on the same folder is
    /// initialising it.
    /// </summary>
    public static bool HoldsSweepOrIsEmpty(string dir)
    {
        if (!Directory.Exists(dir)) return true;
        bool onlyAFolderBeingInitialised = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName)
            .All(n => n == "runs" || n!.StartsWith("sweep.json.tmp-", StringComparison.Ordinal)
                || n.StartsWith(".featurescale-write-test-", StringComparison.Ordinal));
        // sweep.json is checked after the listing: another process may publish it, and then write the rest of the
        // sweep (claims, results), between a check made first and the listing
        return onlyAFolderBeingInitialised || File.Exists(Path.Combine(dir, "sweep.json"));
    }

    /// <summary>
    /// Writes sweep.json, or checks that the folder already holds this same spec. A spec that differs only in its
    /// free-text <c>description</c> or its <c>analysis</c> block (read after the runs, from their results) is the
    /// same sweep (its runs are keyed by their configs): sweep.json takes the new spec and the finished runs are kept.
    /// </summary>
    public void Initialise(SweepSpec spec, IReadOnlyList<SweepRun> runs)
    {
        Directory.CreateDirectory(RunsDir);
        var existing = LoadSpec();
        if (existing is not null)
        {
            if (JsonPaths.Canonical(existing.Source) == JsonPaths.Canonical(spec.Source)) return;
            if (!SameSweep(existing.Source, spec.Source))
                throw new ConfigException(
                    $"{Root} already holds a different sweep ('{existing.Name}'); use a new --out folder");
        }
        var list = new JsonArray();
        foreach (var r in runs) list.Add(new JsonObject { ["index"] = r.Index, ["key"] = r.Key, ["config_hash"] = r.ConfigHash });
        var doc = new JsonObject { ["spec"] = spec.Source.DeepClone(), ["spec_hash"] = JsonPaths.ShortHash(spec.Source), ["runs"] = list };
        AtomicFile.WriteAllText(Path.Combine(Root, "sweep.json"), doc.ToJsonString(Json.Options) + "\n");
        // two processes may both have found no sweep.json: the last rename wins, and the loser must not go on
        var stored = LoadSpec();
        if (stored is null || !SameSweep(stored.Source, spec.Source))
            throw new ConfigException($"{Root} already holds a different sweep; use a new --out folder");
    }

    /// <summary>Whether two specs are the same sweep: equal but for their descriptions and analysis blocks.</summary>
    private static bool SameSweep(JsonObject a, JsonObject b) =>
        JsonPaths.Canonical(RunsPart(a)) == JsonPaths.Canonical(RunsPart(b));

    private static JsonObject RunsPart(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        copy.Remove("description");
        copy.Remove("analysis");
        return copy;
    }

    /// <summary>The stored result of a finished run (the whole result.json), or null.</summary>
    public JsonObject? LoadResult(string key)
    {
        var path = ResultPath(key);
        if (!File.Exists(path)) return null;
        try { return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new System.Text.Json.JsonException("not a JSON object"); }
        catch (System.Text.Json.JsonException e)
        {
            throw new ConfigException($"{path} is unreadable ({e.Message.Split('\n')[0]}); 'featurescale sweep run' moves it aside to quarantine/ and runs it again");
        }
    }

    /// <summary>This machine's name as used in staging folder names (no dots).</summary>
    public static string Host { get; } = JsonPaths.Sanitize(Environment.MachineName).Replace('.', '-');

    /// <summary>Deletes staging folders of this host whose process is no longer alive (left by a killed sweep).</summary>
    public int CleanStaleStaging()
    {
        if (!Directory.Exists(StagingDir)) return 0;
        int removed = 0;
        foreach (var dir in Directory.GetDirectories(StagingDir))
        {
            var (host, pid) = StagingOwner(dir);
            if (host != Host || ProcessAlive(pid)) continue;
            try { Directory.Delete(dir, recursive: true); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>(host, pid) from "KEY.HOST.PID.GUID"; keys may contain dots, host, pid and guid do not.</summary>
    private static (string Host, int Pid) StagingOwner(string dir)
    {
        var parts = Path.GetFileName(dir).Split('.');
        return parts.Length >= 4 && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? (parts[^3], pid) : ("", -1);
    }

    internal static bool ProcessAlive(int pid)
    {
        if (pid <= 0) return false;
        if (pid == Environment.ProcessId) return true;
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Keys of runs being executed now: by live processes of this host, or by any process of another host.</summary>
    public IReadOnlyList<string> InProgress() =>
        !Directory.Exists(StagingDir) ? [] :
        Directory.GetDirectories(StagingDir).Where(d => StagingOwner(d) is var (h, pid) && (h != Host || ProcessAlive(pid)))
            .Select(d => { var n = Path.GetFileName(d).Split('.'); return string.Join('.', n[..^3]); }).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Executes one run in a private staging folder and publishes it atomically. Returns false if another process
    /// published the same run first (its result is kept; ours is discarded).
    /// </summary>
    public bool Execute(SweepRun run, IRunExecutor executor, IProgressSink progress, CancellationToken cancel = default) =>
        Execute(run, executor, progress, "sweep run", cancel, keepOwnManifest: false);

    /// <summary>
    /// The one resume mechanism outside a sweep spec (the reproductions' runs): the stored runs/KEY is reused when its
    /// config hash equals that of <paramref name="config"/>; otherwise (absent, or computed from another config)
    /// <paramref name="compute"/> runs in a staging folder (writing its files there and returning its summary) and
    /// the run is published atomically, exactly as a sweep run. Returns the summary.
    /// </summary>
    public JsonObject RunOnce(string key, JsonObject config, Func<RunContext, JsonObject> compute, string command,
        IProgressSink? progress = null, CancellationToken cancel = default)
    {
        var run = new SweepRun(key, -1, config, []);
        if (IsDone(key) && LoadResult(key) is { } stored)
        {
            if ((string?)stored["config_hash"] == run.ConfigHash && stored["result"] is JsonObject summary) return summary;
            Directory.Delete(Path.Combine(RunsDir, key), recursive: true);   // computed from another config
        }
        Execute(run, new DelegateExecutor(compute), progress ?? NullProgress.Instance, command, cancel,
            keepOwnManifest: true);
        return (JsonObject)LoadResult(key)!["result"]!;
    }

    private sealed class DelegateExecutor(Func<RunContext, JsonObject> compute) : IRunExecutor
    {
        public JsonObject Execute(RunContext context) => compute(context);
    }

    /// <summary>keepOwnManifest: a manifest.json the run wrote itself (with its own notes) is kept.</summary>
    private bool Execute(SweepRun run, IRunExecutor executor, IProgressSink progress, string command,
        CancellationToken cancel, bool keepOwnManifest)
    {
        var staging = Path.Combine(StagingDir, $"{run.Key}.{Host}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var config = (JsonObject)run.Config.DeepClone();
            AtomicFile.WriteAllText(Path.Combine(staging, "config.json"), config.ToJsonString(Json.Options) + "\n");
            var summary = executor.Execute(new RunContext(config, staging, progress, cancel));
            var values = new JsonObject();
            foreach (var (k, v) in run.Values) values[k] = v?.DeepClone();
            ulong? seed = JsonPaths.GetDouble(run.Config, "seed") is var s && !double.IsNaN(s) && s >= 0 ? (ulong)s : null;
            if (!keepOwnManifest || !File.Exists(Path.Combine(staging, "manifest.json")))
                Manifest.Create(command, run.Config, seed, started, clock.Elapsed.TotalSeconds,
                    new Dictionary<string, string> { ["run_key"] = run.Key, ["config_hash"] = run.ConfigHash })
                    .WriteTo(staging);
            var result = new JsonObject
            {
                ["key"] = run.Key, ["index"] = run.Index, ["config_hash"] = run.ConfigHash, ["values"] = values, ["result"] = summary,
            };
            AtomicFile.WriteAllText(Path.Combine(staging, "result.json"), result.ToJsonString(Json.Options) + "\n");
            var final = Path.Combine(RunsDir, run.Key);
            if (Directory.Exists(final) && !File.Exists(Path.Combine(final, "result.json"))) Directory.Delete(final, recursive: true);
            try { Directory.Move(staging, final); }
            catch (IOException) when (IsDone(run.Key)) { Directory.Delete(staging, recursive: true); return false; }
            var failure = Path.Combine(FailuresDir, run.Key + ".json");
            if (File.Exists(failure)) File.Delete(failure);
            return true;
        }
        catch
        {
            try { if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Records the error of a failed run.</summary>
    public void RecordFailure(SweepRun run, Exception e)
    {
        var doc = new JsonObject { ["key"] = run.Key, ["index"] = run.Index, ["error"] = e.Message, ["type"] = e.GetType().Name, ["utc"] = DateTimeOffset.UtcNow.ToString("O") };
        AtomicFile.WriteAllText(Path.Combine(FailuresDir, run.Key + ".json"), doc.ToJsonString(Json.Options) + "\n");
    }

    /// <summary>Keys with a recorded failure and no result.</summary>
    public IReadOnlyList<string> Failed() =>
        !Directory.Exists(FailuresDir) ? [] :
        Directory.GetFiles(FailuresDir, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Where(k => !IsDone(k)).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A tidy table of all finished runs in expansion order: index, key, the swept values (one column per field),
    /// then the flattened summary (alignment.mean, alignment.sem, …; columns in order of first appearance).
    /// </summary>
    public CsvTable ResultsTable(IReadOnlyList<SweepRun> runs)
    {
        var rows = new List<(SweepRun Run, List<(string, object?)> Flat)>();
        var columns = new List<string>();
        var seen = new HashSet<string>();
        foreach (var run in runs)
        {
            var doc = LoadResult(run.Key);
            if (doc is null) continue;
            var flat = JsonPaths.Flatten(doc["result"]).ToList();
            foreach (var (p, _) in flat) if (seen.Add(p)) columns.Add(p);
            rows.Add((run, flat));
        }
        var fields = runs.Count > 0 ? runs[0].Values.Select(v => v.Key).ToList() : [];
        var table = new CsvTable(ResultsColumns(fields, columns));
        foreach (var (run, flat) in rows)
        {
            var map = flat.ToDictionary(f => f.Item1, f => f.Item2);
            var cells = new List<object?> { run.Index, run.Key };
            cells.AddRange(run.Values.Select(v => (object?)ValueCell(v.Value)));
            cells.AddRange(columns.Select(c => map.TryGetValue(c, out var x) ? x : null));
            table.Add([.. cells]);
        }
        return table;
    }

    /// <summary>
    /// The header of results.csv, every name once: index, key, the swept fields (a variable's '$' dropped:
    /// "$alpha" → "alpha"), then the summary paths; a summary path that repeats an earlier name (a swept "steps"
    /// beside the summary's "steps") is written as "summary.steps".
    /// </summary>
    public static string[] ResultsColumns(IReadOnlyList<string> fields, IReadOnlyList<string> summaryPaths)
    {
        var names = new List<string> { "index", "key" };
        var used = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var f in fields)
        {
            string name = f.TrimStart('$');
            if (!used.Add(name)) name = Unique("var." + name, used);
            names.Add(name);
        }
        foreach (var c in summaryPaths) names.Add(used.Add(c) ? c : Unique("summary." + c, used));
        return [.. names];
    }

    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int i = 2; !used.Add(candidate); i++) candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private static string ValueCell(JsonNode? v) => v switch
    {
        null => "",
        JsonValue jv when jv.GetValueKind() == System.Text.Json.JsonValueKind.String => jv.GetValue<string>(),
        _ => v.ToJsonString(),
    };

    /// <summary>
    /// Rewrites results.csv from every finished run (shards of other processes included): each invocation of a
    /// shard writes a snapshot at its end, and the analysis calls this to see everything.
    /// </summary>
    public void WriteResults(IReadOnlyList<SweepRun>? runs = null)
    {
        runs ??= (LoadSpec() ?? throw new ConfigException($"{Root} holds no sweep (no sweep.json)")).Expand();
        ResultsTable(runs).Write(Path.Combine(Root, "results.csv"));
    }

    /// <summary>Status of the folder against its stored spec.</summary>
    public SweepStatus Status()
    {
        var spec = LoadSpec() ?? throw new ConfigException($"{Root} holds no sweep (no sweep.json)");
        var runs = spec.Expand();
        var done = runs.Where(r => IsDone(r.Key)).ToList();
        var pending = runs.Where(r => !IsDone(r.Key)).Select(r => r.Key).ToList();
        var running = InProgress().Concat(RunClaim.Live(Root, ClaimPolicy.Default).Select(c => c.Key)).Where(k => !IsDone(k))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new SweepStatus(spec.Name, spec.Executor, runs.Count, done.Count, Failed().Count, running, pending);
    }
}
