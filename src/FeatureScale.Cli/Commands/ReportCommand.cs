using System.CommandLine;
using FeatureScale.Reporting;
using FeatureScale.Studies;

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
            var spec = new SweepStore(d).LoadSpec();
            if (spec?.Analysis is not null)
            {
                var result = SweepAnalysis.Run(d);
                foreach (var v in result.Verdicts) Console.WriteLine(v.Text);
            }
            Console.WriteLine($"report: {HtmlReport.Write(d)}");
            return 0;
        }));
        return cmd;
    }
}
