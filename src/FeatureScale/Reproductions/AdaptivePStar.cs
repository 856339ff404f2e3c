using System.Globalization;
using FeatureScale.Analysis;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;

namespace FeatureScale.Reproductions;

/// <summary>
/// The adaptive P* experiment (#13 item 2), written once for Fig. 2b and <c>featurescale verify</c>: the grid sweep,
/// then rounds of <see cref="PStarRefinement"/> (added P where A_f crosses the threshold), each round a sweep store
/// of its own under DIR/refine/ROUND that the grid's analysis reads; resumable like every sweep (a round already
/// stored is resumed with its own points). A new round starts only while <c>mayContinue</c> says the time budget
/// allows it.
/// </summary>
public static class AdaptivePStar
{
    /// <summary>
    /// What the design did: the final analysis, its verdicts and one line per round added or skipped.
    /// </summary>
    public sealed record Outcome(PStarAnalysisResult Analysis, List<Verdict> Verdicts, IReadOnlyList<string> Rounds,
        string? Stopped);

    /// <summary>The distinct (size, P) points of a stored round, read with the grid's analysis fields.</summary>
    private static List<(double Size, double P)> StoredPoints(SweepSpec round, SweepSpec grid)
    {
        var settings = PStarAnalysisSettings.From(grid.Analysis);
        return round.Expand().Select(r => (JsonPaths.GetDouble(r.Config, settings.Size),
                JsonPaths.GetDouble(r.Config, settings.P)))
            .Distinct().ToList();
    }

    /// <summary>A refinement round's spec from its number and the (size, P) points to add.</summary>
    public delegate SweepSpec RoundSpec(int round, IReadOnlyList<(double Size, double P)> points);

    /// <summary>Runs the grid into OutDir/sweepName, then up to <paramref name="rounds"/> refinement rounds.</summary>
    /// <param name="describe">How a round's points read in the verdict line, e.g. "d=24 α=14.5".</param>
    /// <param name="mayContinue">Asked before each round (null: always); false stops the design with a note.</param>
    public static Outcome Run(ReproductionContext ctx, string sweepName, SweepSpec grid, RoundSpec roundSpec,
        int rounds, double halfWidth, Func<(double Size, double P), string> describe, double from, double to,
        Func<bool>? mayContinue = null)
    {
        string sweepDir = Path.Combine(ctx.OutDir, sweepName);
        double share = (to - from) / (1 + 0.3 * rounds);   // a refinement round is about 30% of the grid
        var verdicts = ctx.SweepAndAnalyse(sweepName, grid, from, from + share).ToList();
        var analysis = SweepAnalysis.Run(sweepDir);
        var added = new List<string>();
        string? stopped = null;
        for (int round = 1; round <= rounds; round++)
        {
            string roundDir = Path.Combine(sweepName, SweepAnalysis.RefineFolder,
                round.ToString(CultureInfo.InvariantCulture));
            // a round that has started keeps its points (a resumed design repeats its history, whatever the
            // analysis that now includes the round would suggest)
            var spec = new SweepStore(Path.Combine(ctx.OutDir, roundDir)).LoadSpec();
            IReadOnlyList<(double Size, double P)> points;
            if (spec is not null) points = StoredPoints(spec, grid);
            else
            {
                var estimates = analysis.PerSize.ToDictionary(t => t.Size, t => t.PStar);
                var next = PStarRefinement.Next(analysis.Curves, estimates,
                    PStarAnalysisSettings.From(grid.Analysis).Threshold, halfWidth);
                if (next.Count == 0) break;
                if (mayContinue is not null && !mayContinue())
                {
                    stopped = $"refinement round {round} not run: the time budget is spent (re-run with a larger " +
                        "budget to add it; finished runs are kept)";
                    break;
                }
                points = next.Select(t => (t.Size, t.P)).ToList();
                spec = roundSpec(round, points);
            }
            added.Add($"round {round}: " + string.Join(", ", points.Select(describe)));
            double start = from + share * (1 + 0.3 * (round - 1));
            ctx.SweepAndAnalyse(roundDir, spec, start, Math.Min(to, start + 0.3 * share));
            verdicts = SweepAnalysis.Analyse(sweepDir).ToList();
            analysis = SweepAnalysis.Run(sweepDir);
        }
        return new Outcome(analysis, verdicts, added, stopped);
    }
}
