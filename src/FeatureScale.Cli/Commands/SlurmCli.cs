using System.CommandLine;
using FeatureScale.Sweeps.Slurm;

namespace FeatureScale.Cli.Commands;

/// <summary>The Slurm options shared by <c>sweep submit</c> and <c>reproduce --submit slurm</c>, and the CLI's own path.</summary>
public sealed class SlurmCli
{
    public Option<int> Tasks { get; } = new("--tasks") { Description = "Array tasks, one per shard of the sweep (default 4).", DefaultValueFactory = _ => 4 };
    public Option<string?> Partition { get; } = new("--partition") { Description = "Slurm partition (default: the cluster's)." };
    public Option<string?> Time { get; } = new("--time") { Description = "Time limit per task, e.g. 2:00:00 (default: the partition's)." };
    public Option<int> Cpus { get; } = new("--cpus-per-task") { Description = "CPUs per task; the task's threads follow it (default 1).", DefaultValueFactory = _ => 1 };
    public Option<string?> Mem { get; } = new("--mem") { Description = "Memory per task, e.g. 4G (default: the partition's)." };
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print the batch script; write and submit nothing." };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command cmd)
    {
        foreach (Option o in new Option[] { Tasks, Partition, Time, Cpus, Mem, DryRun }) cmd.Options.Add(o);
    }

    /// <summary>The options' values.</summary>
    public SlurmOptions Read(ParseResult pr) =>
        new(pr.GetValue(Tasks), pr.GetValue(Partition), pr.GetValue(Time), pr.GetValue(Cpus), pr.GetValue(Mem));

    /// <summary>
    /// The command that runs this featurescale, with absolute paths: the apphost itself, or the dotnet host and
    /// FeatureScale.Cli.dll.
    /// </summary>
    public static IReadOnlyList<string> Self()
    {
        var exe = Environment.ProcessPath;
        var dll = typeof(CliApp).Assembly.Location;
        var name = exe is null ? "" : Path.GetFileNameWithoutExtension(exe);
        if (exe is not null && (name == "featurescale" || name == "FeatureScale.Cli")) return [exe];
        var dotnet = exe is not null && name == "dotnet" ? exe : SlurmClient.Which("dotnet") ?? "dotnet";
        return [dotnet, dll];
    }
}
