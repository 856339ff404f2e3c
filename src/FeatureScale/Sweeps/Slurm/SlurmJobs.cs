using System.Text.Json;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps.Slurm;

/// <summary>The submissions of a sweep folder, kept in DIR/slurm/jobs.json (written atomically).</summary>
public static class SlurmJobs
{
    /// <summary>DIR/slurm.</summary>
    public static string Folder(string sweepDir) => Path.Combine(Path.GetFullPath(sweepDir), "slurm");

    /// <summary>DIR/slurm/jobs.json.</summary>
    public static string FilePath(string sweepDir) => Path.Combine(Folder(sweepDir), "jobs.json");

    /// <summary>The recorded jobs, oldest first (empty if none).</summary>
    public static IReadOnlyList<SlurmJob> Load(string sweepDir)
    {
        var path = FilePath(sweepDir);
        if (!File.Exists(path)) return [];
        return JsonSerializer.Deserialize<List<SlurmJob>>(File.ReadAllText(path), Json.Options) ?? [];
    }

    /// <summary>Appends a job.</summary>
    public static void Add(string sweepDir, SlurmJob job)
    {
        var all = Load(sweepDir).ToList();
        all.Add(job);
        Json.Write(FilePath(sweepDir), all);
    }
}
