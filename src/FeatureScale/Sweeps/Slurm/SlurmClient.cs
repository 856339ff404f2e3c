using System.Diagnostics;

namespace FeatureScale.Sweeps.Slurm;

/// <summary>
/// Calls the Slurm commands (sbatch, scontrol, scancel) of this machine. A missing command or a refused
/// submission is a <see cref="ConfigException"/> with one clear line (the CLI exits with code 2).
/// </summary>
public static class SlurmClient
{
    /// <summary>The full path of a command on PATH, or null.</summary>
    public static string? Which(string command)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, command);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Whether sbatch is on PATH.</summary>
    public static bool Available => Which("sbatch") is not null;

    /// <summary>
    /// Submits a batch script (extra: options placed before it, e.g. "--array=2,3" or "--dependency=afterany:12");
    /// returns the job id.
    /// </summary>
    public static string Submit(string script, params string[] extra)
    {
        var (code, output, error) = Invoke("sbatch", ["--parsable", .. extra, script]);
        if (code != 0)
            throw new ConfigException($"sbatch refused the job: {FirstLine(error) ?? FirstLine(output) ?? $"exit code {code}"}");
        var id = (FirstLine(output) ?? "").Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsDigit)) throw new ConfigException($"sbatch printed no job id (got '{output.Trim()}')");
        return id;
    }

    /// <summary>
    /// The state of every task of a job (array tasks one by one) from <c>scontrol show job -o</c>; empty when
    /// slurmctld no longer knows the job (it forgets finished jobs after MinJobAge, 300 s by default).
    /// </summary>
    public static IReadOnlyList<SlurmTaskState> Tasks(string jobId)
    {
        var (code, output, _) = Invoke("scontrol", ["show", "job", "-o", jobId]);
        if (code != 0) return [];
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SlurmTaskState.Parse).Where(t => t is not null)
            .Select(t => t!).ToList();
    }

    /// <summary>Cancels a job or one array task ("12_2").</summary>
    public static void Cancel(string jobOrTask)
    {
        var (code, _, error) = Invoke("scancel", [jobOrTask]);
        if (code != 0) throw new InvalidOperationException($"scancel {jobOrTask}: {FirstLine(error)}");
    }

    private static (int Code, string Out, string Err) Invoke(string command, IReadOnlyList<string> args)
    {
        var path = Which(command)
            ?? throw new ConfigException($"{command} not found on PATH: run this on a Slurm login node (or use --dry-run to see the script)");
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new ConfigException($"could not start {path}");
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new ConfigException($"{command} did not answer in 60 s (is slurmctld up?)"); }
        return (p.ExitCode, output, err.Result);
    }

    private static string? FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
}
