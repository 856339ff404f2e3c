namespace FeatureScale.Sweeps.Slurm;

/// <summary>One task of a Slurm job as scontrol reports it.</summary>
/// <param name="JobId">The job (array tasks: the array's job id).</param>
/// <param name="TaskId">The array task id ("2"; a pending range may read "2-3"), or null for a plain job.</param>
/// <param name="State">PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, TIMEOUT, …</param>
/// <param name="Reason">Why it waits or ended (None, Dependency, Resources, …).</param>
/// <param name="Node">The node it runs on, or "".</param>
public sealed record SlurmTaskState(string JobId, string? TaskId, string State, string Reason, string Node)
{
    /// <summary>Whether Slurm will still run it (pending, running, or finishing).</summary>
    public bool Active => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "REQUEUED" or "RESIZING";

    /// <summary>"12_2" for array tasks, "12" otherwise.</summary>
    public string Name => TaskId is null ? JobId : $"{JobId}_{TaskId}";

    /// <summary>The shard numbers a task id names ("2" → [2], "2-4" → [2,3,4], "1,3" → [1,3]; "%" limits ignored).</summary>
    public IEnumerable<int> TaskNumbers()
    {
        if (TaskId is null) yield break;
        foreach (var part in TaskId.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split(':')[0].Split('-');
            if (!int.TryParse(ends[0], out int a)) continue;
            int b = ends.Length > 1 && int.TryParse(ends[1], out int e) ? e : a;
            for (int i = a; i <= b; i++) yield return i;
        }
    }

    /// <summary>Parses one line of <c>scontrol show job -o</c> (space-separated Key=Value pairs); null if it has no JobId.</summary>
    public static SlurmTaskState? Parse(string line)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq > 0) map.TryAdd(pair[..eq], pair[(eq + 1)..]);
        }
        if (!map.TryGetValue("JobId", out var id)) return null;
        string job = map.TryGetValue("ArrayJobId", out var a) ? a : id;
        string? task = map.TryGetValue("ArrayTaskId", out var t) ? t.Replace("[", "").Replace("]", "") : null;
        var node = map.GetValueOrDefault("NodeList", "");
        return new SlurmTaskState(job, task, map.GetValueOrDefault("JobState", "?"), map.GetValueOrDefault("Reason", ""),
            node == "(null)" ? "" : node);
    }

    public override string ToString() =>
        $"{Name} {State}" + (Reason is "" or "None" ? "" : $" ({Reason})") + (Node.Length > 0 ? $" on {Node}" : "");
}
