using System.Globalization;

namespace FeatureScale.Sweeps.Slurm;

/// <summary>Writes the batch scripts FeatureScale submits (bash, with #SBATCH directives).</summary>
public static class SlurmScript
{
    /// <summary>Quotes one word for bash (single quotes).</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    /// <summary>
    /// A job array of <paramref name="shards"/> tasks; task i runs <c>CLI sweep run SPEC --out DIR --shard i/n</c>
    /// with its threads (DOTNET_PROCESSOR_COUNT, OPENBLAS_NUM_THREADS) set from SLURM_CPUS_PER_TASK. The shard count
    /// n is written literally, not read from SLURM_ARRAY_TASK_COUNT, so that a resubmission of some tasks only
    /// (<c>--array=2,5</c>) keeps the same slicing of the sweep.
    /// </summary>
    public static string Array(string jobName, IReadOnlyList<string> cli, string specPath, string sweepDir, int shards, SlurmOptions options,
        string logDir)
    {
        var lines = Header(jobName, options, Path.Combine(logDir, "%A_%a.out"));
        lines.Insert(2, string.Create(CultureInfo.InvariantCulture, $"#SBATCH --array=1-{shards}"));
        lines.Add($"{Command(cli)} sweep run {Quote(specPath)} --out {Quote(sweepDir)} --shard \"${{SLURM_ARRAY_TASK_ID}}/{shards}\"");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>A single job that runs the given CLI argument lists one after the other (e.g. reproduce, then report).</summary>
    public static string Single(string jobName, IReadOnlyList<string> cli, IReadOnlyList<IReadOnlyList<string>> commands, SlurmOptions options,
        string logDir)
    {
        var lines = Header(jobName, options, Path.Combine(logDir, "%j.out"));
        foreach (var args in commands) lines.Add(Command(cli) + " " + string.Join(" ", args.Select(Quote)));
        return string.Join("\n", lines) + "\n";
    }

    private static List<string> Header(string jobName, SlurmOptions options, string output)
    {
        var lines = new List<string> { "#!/bin/bash", $"#SBATCH --job-name={Safe(jobName)}", $"#SBATCH --output={output}" };
        lines.AddRange(options.Directives());
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"# written by featurescale {LibraryInfo.Version} at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC"));
        lines.Add("set -euo pipefail");
        lines.Add("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-1}\" OPENBLAS_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"");
        lines.Add("echo \"featurescale job ${SLURM_JOB_ID:-?} task ${SLURM_ARRAY_TASK_ID:-none} on $(hostname -s), ${SLURM_CPUS_PER_TASK:-1} cpus\"");
        return lines;
    }

    private static string Command(IReadOnlyList<string> cli) => string.Join(" ", cli.Select(Quote));

    private static string Safe(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
