using System.CommandLine;
using FeatureScale.Reporting;
using FeatureScale.Analysis;
using FeatureScale.Sweeps;

namespace FeatureScale.Cli.Commands;

/// <summary>
/// <c>featurescale report DIR</c>: one self-contained HTML page (figures embedded, verdicts, configs, environment)
/// for a study (a sweep folder; its analysis is recomputed first when the spec has an "analysis" block) or a set of
/// reproductions (one sub-folder each).
/// </summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "A sweep folder or a folder of reproductions." };
        var cmd = new Command("report", "Write DIR/report.html: figures, verdict lines, configs and environment in one self-contained page.");
        cmd.Arguments.Add(dir);
        cmd.SetAction(pr => Fail.Guard(() =>
        {
            string d = pr.GetValue(dir)!;
            if (!Directory.Exists(d)) throw new ConfigException($"folder '{d}' does not exist");
            // the sweep in DIR and the sweeps one level down (a folder of reproductions) are analysed afresh
            foreach (var folder in new[] { d }.Concat(Directory.GetDirectories(d).Order(StringComparer.Ordinal)))
            {
                if (new SweepStore(folder).LoadSpec() is null) continue;
                foreach (var v in SweepAnalysis.Analyse(folder))
                    Console.WriteLine(folder == d ? v.Text : $"{Path.GetFileName(folder)}: {v.Text}");
            }
            Console.WriteLine($"report: {HtmlReport.Write(d)}");
            return 0;
        }));
        return cmd;
    }
}
