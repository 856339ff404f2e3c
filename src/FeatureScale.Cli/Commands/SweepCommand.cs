using System.CommandLine;
using System.Globalization;
using FeatureScale.Reporting;
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
        var cmd = new Command("run", "Execute the runs of a sweep spec that are not finished yet; safe to kill and re-run.");
        cmd.Arguments.Add(spec);
        cmd.Options.Add(outOpt);
        cmd.Options.Add(shard);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            var s = SweepSpec.Load(pr.GetValue(spec)!);
            var sh = Shard.Parse(pr.GetValue(shard));
            string dir = pr.GetValue(outOpt)!;
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
            var st = new SweepStore(pr.GetValue(dir)!).Status();
            if (pr.GetValue(json)) { Console.WriteLine(Json.Serialize(st)); return 0; }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep '{st.Name}' (executor {st.Executor}): {st.Done} of {st.Total} runs done, {st.InProgress.Count} running, {st.Failed} failed, {st.Pending.Count - st.InProgress.Count} waiting"));
            foreach (var k in st.InProgress) Console.WriteLine($"  running: {k}");
            foreach (var k in st.Pending.Except(st.InProgress).Take(10)) Console.WriteLine($"  pending: {k}");
            if (st.Pending.Count - st.InProgress.Count > 10) Console.WriteLine($"  … {st.Pending.Count - st.InProgress.Count - 10} more pending");
            return 0;
        }));
        return cmd;
    }
}
