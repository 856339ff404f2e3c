using System.CommandLine;
using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;

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
            if (!File.Exists(Path.Combine(dir, "sweep.json")) && Directory.EnumerateFileSystemEntries(dir).Any() && !pr.GetValue(force))
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
            return 0;
        }));
        return cmd;
    }
}
