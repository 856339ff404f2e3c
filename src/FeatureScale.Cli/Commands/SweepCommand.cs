using System.CommandLine;
using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;
using FeatureScale.Sweeps.Slurm;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale sweep run SPEC.json --out DIR [--shard i/n]</c> and <c>featurescale sweep status DIR</c>: expand a
/// sweep spec into runs and execute them into a resumable run store (see <see cref="SweepStore"/>).
/// </summary>
public static class SweepCommand
{
    public static Command Build()
    {
        var cmd = new Command("sweep", "Run sweeps over configs (Cartesian products and zipped lists) into a resumable run store.");
        cmd.Subcommands.Add(BuildRun());
        cmd.Subcommands.Add(BuildStatus());
        cmd.Subcommands.Add(BuildSubmit());
        return cmd;
    }

    private static Command BuildRun()
    {
        var spec = new Argument<string>("spec") { Description = "The sweep spec (JSON: executor, base, grid, zip, derive, analysis)." };
        var outOpt = new Option<string>("--out") { Description = "The sweep folder (created; a re-run resumes, skipping finished runs).", Required = true };
        var shard = new Option<string?>("--shard") { Description = "Run only slice i of n (1 ≤ i ≤ n): the runs whose index ≡ i−1 mod n." };
        var force = new Option<bool>("--force") { Description = "Use an --out folder that is not empty and holds no sweep (its files are left alone)." };
        var cmd = new Command("run", "Execute the runs of a sweep spec that are not finished yet; safe to kill and re-run.");
        cmd.Arguments.Add(spec);
        cmd.Options.Add(outOpt);
        cmd.Options.Add(shard);
        cmd.Options.Add(force);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var s = SweepSpec.Load(pr.GetValue(spec)!);
            var sh = Shard.Parse(pr.GetValue(shard));
            string dir = pr.GetValue(outOpt)!;
            // the whole input before any run: every grid point's config, the analysis block, the folder
            SweepRunner.Validate(s);
            SweepAnalysis.Validate(s.Analysis);
            OutputFolder.CheckWritable(dir, "--out");
            if (!SweepStore.HoldsSweepOrIsEmpty(dir) && !pr.GetValue(force))
                throw new ConfigException($"--out '{dir}' is not empty and holds no sweep (no sweep.json); use a new folder, or --force");
            var outcome = ConsoleProgress.Run($"sweep {s.Name}", sink => SweepRunner.Run(s, dir, sh, sink, log: Console.Out));
            Console.WriteLine(FormattableString.Invariant(
                $"sweep '{s.Name}' shard {sh}: {outcome.InShard} runs, {outcome.AlreadyDone} already done, {outcome.Ran} ran, {outcome.Failed} failed ({outcome.WallSeconds:0.0}s)"));
            Console.WriteLine($"results: {Path.Combine(Path.GetFullPath(dir), "results.csv")}");
            return outcome.Failed > 0 ? 1 : 0;
        }));
        return cmd;
    }

    private static Command BuildStatus()
    {
        var dir = new Argument<string>("dir") { Description = "A sweep folder." };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON." };
        var cmd = new Command("status", "Show how many runs of a sweep are finished, running, failed and pending.");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(json);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            string d = pr.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new ConfigException($"sweep folder '{d}' does not exist");
            var store = new SweepStore(d);
            var st = store.Status();
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(st)); return 0; }
            var failed = store.Failed().Except(st.InProgress).ToList();
            var waiting = st.Pending.Except(st.InProgress).Except(failed).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep '{st.Name}' (executor {st.Executor}): {st.Done} of {st.Total} runs done, {st.InProgress.Count} running, {failed.Count} failed, {waiting.Count} waiting"));
            foreach (var k in st.InProgress) Console.WriteLine($"  running: {k}");
            foreach (var k in failed.Take(10)) Console.WriteLine($"  failed (retried by the next sweep run): {k}");
            foreach (var k in waiting.Take(10)) Console.WriteLine($"  pending: {k}");
            if (waiting.Count > 10) Console.WriteLine($"  … {waiting.Count - 10} more pending");
            foreach (var q in store.UnreadableResults()) Console.WriteLine($"  not counted done, unreadable: {q}");
            PrintSlurm(d);
            return 0;
        }));
        return cmd;
    }

    private static void PrintSlurm(string dir)
    {
        var jobs = SlurmJobs.Load(dir);
        if (jobs.Count == 0) return;
        bool can = SlurmClient.Available;
        foreach (var j in jobs)
        {
            Console.WriteLine($"slurm job {j.JobId} ({j.Kind}{(j.Array is null ? "" : " " + j.Array)}, submitted {j.SubmittedUtc[..19]}Z):");
            if (!can) { Console.WriteLine("  (scontrol not on PATH: state unknown here)"); continue; }
            var tasks = SlurmClient.Tasks(j.JobId);
            if (tasks.Count == 0) Console.WriteLine("  no longer known to slurmctld (finished more than MinJobAge ago)");
            foreach (var t in tasks) Console.WriteLine($"  {t}");
        }
    }

    private static Command BuildSubmit()
    {
        var spec = new Argument<string?>("spec") { Description = "The sweep spec (JSON); with --resume it may be left out (read from DIR).", Arity = ArgumentArity.ZeroOrOne };
        var outOpt = new Option<string>("--out") { Description = "The sweep folder, on a file system all nodes share.", Required = true };
        var slurm = new Option<bool>("--slurm") { Description = "Submit to Slurm (the only scheduler supported).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Resubmit only the shards that have unfinished runs and no task queued or running." };
        var opts = new SlurmCli();
        var cmd = new Command("submit", "Submit a sweep as a Slurm job array (one task per shard, writing into --out); see docs/cluster.md.");
        cmd.Arguments.Add(spec);
        cmd.Options.Add(outOpt); cmd.Options.Add(slurm); cmd.Options.Add(resume);
        opts.AddTo(cmd);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            string dir = Path.GetFullPath(pr.GetValue(outOpt)!);
            string? specPath = pr.GetValue(spec);
            SweepSpec s = specPath is not null ? SweepSpec.Load(specPath)
                : pr.GetValue(resume) ? new SweepStore(dir).LoadSpec() ?? throw new ConfigException($"{dir} holds no sweep (no sweep.json) to resume")
                : throw new ConfigException("give the sweep spec (or --resume to resubmit the sweep in --out)");
            if (SweepSubmitter.NodeLocalWarning(dir) is { } w) Console.Error.WriteLine($"featurescale: {w}");
            bool dry = pr.GetValue(opts.DryRun);
            var outcome = SweepSubmitter.Submit(s, dir, opts.Read(pr), SlurmCli.Self(), dry, pr.GetValue(resume));
            if (dry) Console.Write(outcome.Script);
            Console.WriteLine(outcome.Message);
            if (outcome.JobId is not null)
                Console.WriteLine($"script: {outcome.ScriptPath}; watch: featurescale sweep status {dir}");
            return 0;
        }));
        return cmd;
    }
}
