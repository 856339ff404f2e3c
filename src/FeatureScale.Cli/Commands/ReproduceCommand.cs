using System.CommandLine;
using System.Diagnostics;
using FeatureScale.Reporting;
using Spectre.Console;
using FeatureScale.Analysis;
using FeatureScale.Reproductions;
using FeatureScale.Sweeps;
using FeatureScale.Sweeps.Slurm;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale reproduce --list</c> and <c>featurescale reproduce ID [--quick|--standard|--full] [--out DIR]</c>: reproduce a
/// figure or table of arXiv 2512.04165 (theory and experiment, CSV + PNG/SVG, a verdict line). Reproductions whose
/// model or theory is not in this build say so and exit with code 2; nothing is faked.
/// </summary>
public static class ReproduceCommand
{
    public static Command Build()
    {
        var id = new Argument<string?>("id") { Description = "headline (the default: fig2b + fig2c), fig2a, fig2b, fig2c, fig3a, fig3b, fig3c, fig5, fig6, fig7b, fig8, fig9, table1, grok-fig2, grok-fig3, grok-fig4-6, grok-modadd (arXiv 2310.03789) or k2f-linear (arXiv 2502.03210).", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the reproductions and whether this build can run them." };
        var quick = new Option<bool>("--quick") { Description = "Small sizes, at most about 5 minutes on 2 cores (the default)." };
        var full = new Option<bool>("--full") { Description = "The paper's sizes (ensembles of 300, the paper's grids); long, resumable." };
        var standard = new Option<bool>("--standard")
        {
            Description = "Between the two: at most about 30 minutes on 2 cores, sized so the verdict can reach its " +
                          "tolerance (" + string.Join(", ", ReproductionCatalog.All.Where(r => r.HasStandard)
                              .Select(r => r.Id)) + "); resumable.",
        };
        var outOpt = new Option<string?>("--out") { Description = "Output folder (default featurescale-results/reproduce/ID)." };
        var cmd = new Command("reproduce", "Reproduce a figure or table of arXiv 2512.04165 (theory beside experiment, with a verdict line); no ID: the headline study.");
        cmd.Arguments.Add(id);
        cmd.Options.Add(list); cmd.Options.Add(quick); cmd.Options.Add(full); cmd.Options.Add(standard); cmd.Options.Add(outOpt);
        var submit = new Option<string?>("--submit") { Description = "slurm: submit the figure's sweep as a job array plus a dependent job (afterany) that writes the analysis and report (sweep-based figures: " + string.Join(", ", SweepBased) + ")." };
        var slurm = new SlurmCli();
        cmd.Options.Add(submit);
        slurm.AddTo(cmd);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            if (pr.GetValue(list)) return List();
            string? which = pr.GetValue(id);
            if (string.IsNullOrEmpty(which)) which = ReproductionCatalog.HeadlineId;
            if (new[] { pr.GetValue(quick), pr.GetValue(full), pr.GetValue(standard) }.Count(b => b) > 1)
                throw new ConfigException("--quick, --standard and --full exclude each other");
            var mode = pr.GetValue(full) ? ReproductionMode.Full
                : pr.GetValue(standard) ? ReproductionMode.Standard : ReproductionMode.Quick;
            var r = ReproductionCatalog.Get(which);
            if (r.Run is null) throw new ConfigException(r.UnavailableMessage);
            r.CheckMode(mode);
            string outDir = pr.GetValue(outOpt) ?? Path.Combine("featurescale-results", "reproduce", r.Id);
            if (pr.GetValue(submit) is { } scheduler) return Submit(r, mode, Path.GetFullPath(outDir), scheduler, slurm, pr);
            OutputFolder.Prepare(outDir, "--out", force: false, $"reproduce {r.Id}", new { id = r.Id, title = r.Title, mode = mode.ToString().ToLowerInvariant() }, resumable: true);
            var clock = Stopwatch.StartNew();
            var started = DateTimeOffset.UtcNow;
            var result = ConsoleProgress.Run($"{r.Id} ({mode.ToString().ToLowerInvariant()})", sink => r.Run(new ReproductionContext(mode, outDir, sink, Console.Out)));
            SweepAnalysis.WriteVerdicts(outDir, result.Verdicts);
            Manifest.Create($"reproduce {r.Id}", new { id = r.Id, title = r.Title, mode = mode.ToString().ToLowerInvariant() }, null, started, clock.Elapsed.TotalSeconds,
                new Dictionary<string, string> { ["verdicts"] = string.Join(" | ", result.Verdicts.Select(v => v.Text)) }).WriteTo(outDir);
            foreach (var v in result.Verdicts) Console.WriteLine($"{r.Id}: {v.Text}");
            Console.WriteLine(FormattableString.Invariant($"{r.Id}: {clock.Elapsed.TotalSeconds:0.0}s; report: featurescale report {outDir}"));
            return 0;
        }));
        return cmd;
    }

    /// <summary>The reproductions whose experiment is a sweep run through ReproductionContext.SweepAndAnalyse.</summary>
    public static readonly string[] SweepBased = ["headline", "fig2b", "fig2c", "fig3a", "fig3c", "fig8", "fig9"];

    private static int Submit(Reproduction r, ReproductionMode mode, string outDir, string scheduler, SlurmCli slurm, ParseResult pr)
    {
        if (scheduler != "slurm") throw new ConfigException($"--submit supports only 'slurm' (got '{scheduler}')");
        if (mode != ReproductionMode.Full)
            Console.Error.WriteLine($"featurescale: note: submitting the {mode.ToString().ToLowerInvariant()} mode " +
                "(minutes on one machine); --full is what a cluster is for");
        if (!SweepBased.Contains(r.Id))
            throw new ConfigException($"{r.Id} has no sweep to spread over a job array (sweep-based: {string.Join(", ", SweepBased)}); " +
                $"submit it as one job: sbatch --wrap 'featurescale reproduce {r.Id} --full --out DIR'");
        var options = slurm.Read(pr);
        options.Validate();
        bool dry = pr.GetValue(slurm.DryRun);
        if (SweepSubmitter.NodeLocalWarning(outDir) is { } w) Console.Error.WriteLine($"featurescale: {w}");
        (string Dir, SweepSpec Spec)? planned = null;
        var ctx = new ReproductionContext(mode, outDir, NullProgress.Instance, TextWriter.Null) { PlanSweep = (d, s) => planned = (d, s) };
        try { r.Run!(ctx); }
        catch (SweepPlannedException) { }
        var cli = SlurmCli.Self();
        var after = new List<string>();
        if (planned is { } p)
        {
            var array = SweepSubmitter.Submit(p.Spec, p.Dir, options, cli, dry, resume: false);
            if (dry) Console.Write(array.Script);
            Console.WriteLine($"{array.Message} into {p.Dir}");
            if (array.JobId is not null) after.Add(array.JobId);
        }
        else Console.WriteLine($"{r.Id}: every sweep is complete; submitting the analysis and report only");
        string[] reproduce = ["reproduce", r.Id, "--" + mode.ToString().ToLowerInvariant(), "--out", outDir];
        var final = SweepSubmitter.SubmitFinal(outDir, r.Id, cli, [reproduce, ["report", outDir]], options with { Tasks = 1 }, after, dry);
        if (dry) Console.Write(final.Script);
        Console.WriteLine($"{final.Message}: featurescale {string.Join(" ", reproduce)}, then report");
        if (planned is not null && r.Id == "headline")
            Console.WriteLine("headline has two sweeps: the array computes the first; the final job computes the second itself " +
                "(or run this command again once the first is done to spread the second over an array too)");
        return 0;
    }

    private static int List()
    {
        var all = ReproductionCatalog.All;
        static string Modes(Reproduction r) => r.HasStandard ? "quick,standard,full" : "quick,full";
        if (Console.IsOutputRedirected)
        {
            foreach (var r in all)
                Console.WriteLine($"{r.Id}\t{(r.Available ? "available" : "not yet: needs " + string.Join(" and ",
                    r.Needs))}\t{Modes(r)}\t{r.Title}");
            return 0;
        }
        var table = new Table().AddColumn("id").AddColumn("status").AddColumn("modes").AddColumn("what");
        foreach (var r in all)
            table.AddRow(r.Id, r.Available ? "[green]available[/]"
                : Markup.Escape("not yet: needs " + string.Join(" and ", r.Needs)), Modes(r), Markup.Escape(r.Title));
        AnsiConsole.Write(table);
        return 0;
    }
}
