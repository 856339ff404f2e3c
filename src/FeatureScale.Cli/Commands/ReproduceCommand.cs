using System.CommandLine;
using System.Diagnostics;
using FeatureScale.Reporting;
using Spectre.Console;
using FeatureScale.Analysis;
using FeatureScale.Reproductions;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale reproduce --list</c> and <c>featurescale reproduce ID [--quick|--full] [--out DIR]</c>: reproduce a
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
        var outOpt = new Option<string?>("--out") { Description = "Output folder (default featurescale-results/reproduce/ID)." };
        var cmd = new Command("reproduce", "Reproduce a figure or table of arXiv 2512.04165 (theory beside experiment, with a verdict line); no ID: the headline study.");
        cmd.Arguments.Add(id);
        cmd.Options.Add(list); cmd.Options.Add(quick); cmd.Options.Add(full); cmd.Options.Add(outOpt);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            if (pr.GetValue(list)) return List();
            string? which = pr.GetValue(id);
            if (string.IsNullOrEmpty(which)) which = ReproductionCatalog.HeadlineId;
            if (pr.GetValue(quick) && pr.GetValue(full)) throw new ConfigException("--quick and --full exclude each other");
            var mode = pr.GetValue(full) ? ReproductionMode.Full : ReproductionMode.Quick;
            var r = ReproductionCatalog.Get(which);
            if (r.Run is null) throw new ConfigException(r.UnavailableMessage);
            string outDir = pr.GetValue(outOpt) ?? Path.Combine("featurescale-results", "reproduce", r.Id);
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

    private static int List()
    {
        var all = ReproductionCatalog.All;
        if (Console.IsOutputRedirected)
        {
            foreach (var r in all) Console.WriteLine($"{r.Id}\t{(r.Available ? "available" : "not yet: needs " + string.Join(" and ", r.Needs))}\t{r.Title}");
            return 0;
        }
        var table = new Table().AddColumn("id").AddColumn("status").AddColumn("what");
        foreach (var r in all)
            table.AddRow(r.Id, r.Available ? "[green]available[/]" : Markup.Escape("not yet: needs " + string.Join(" and ", r.Needs)), Markup.Escape(r.Title));
        AnsiConsole.Write(table);
        return 0;
    }
}
