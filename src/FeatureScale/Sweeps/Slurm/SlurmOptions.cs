namespace FeatureScale.Sweeps.Slurm;

/// <summary>What a job array asks Slurm for (null: the cluster's default).</summary>
/// <param name="Tasks">Array tasks, one per shard of the sweep.</param>
/// <param name="Partition">--partition.</param>
/// <param name="Time">--time (e.g. "2:00:00").</param>
/// <param name="CpusPerTask">--cpus-per-task; each task's threads follow SLURM_CPUS_PER_TASK.</param>
/// <param name="Mem">--mem (e.g. "4G").</param>
public sealed record SlurmOptions(int Tasks = 4, string? Partition = null, string? Time = null, int CpusPerTask = 1, string? Mem = null)
{
    /// <summary>Checks the values before anything is written or submitted.</summary>
    public void Validate()
    {
        if (Tasks < 1) throw new ConfigException($"--tasks must be ≥ 1 (got {Tasks})");
        if (CpusPerTask < 1) throw new ConfigException($"--cpus-per-task must be ≥ 1 (got {CpusPerTask})");
        foreach (var (name, v) in new[] { ("--partition", Partition), ("--time", Time), ("--mem", Mem) })
            if (v is not null && (v.Length == 0 || v.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '#')))
                throw new ConfigException($"{name} must be one word without quotes (got '{v}')");
    }

    /// <summary>The #SBATCH lines for these resources (array and output are added by the script).</summary>
    public IEnumerable<string> Directives()
    {
        yield return $"#SBATCH --cpus-per-task={CpusPerTask}";
        if (Partition is not null) yield return $"#SBATCH --partition={Partition}";
        if (Time is not null) yield return $"#SBATCH --time={Time}";
        if (Mem is not null) yield return $"#SBATCH --mem={Mem}";
    }
}
