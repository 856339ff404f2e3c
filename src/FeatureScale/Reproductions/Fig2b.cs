using System.Globalization;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using FeatureScale.Analysis;
using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 2b of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig2b
{
    /// <summary>Fig. 2b: measured P* vs d beside the LDT curve and the pattern engine's exponent.</summary>
    [Reproduction("fig2b", "Two-layer erf on h3: P* (A_f = 0.1) vs d, experiment vs LDT; expected P* ∝ d", 2,
        Needs.Trainer, Needs.Ldt, Standard = true)]
    public static IReadOnlyList<Verdict> Run(ReproductionContext ctx) => Run(ctx, 0, 1);

    /// <summary>Fig2b over a part of the progress bar.</summary>
    public static IReadOnlyList<Verdict> Run(ReproductionContext ctx, double from, double to)
    {
        var s = HeadlineSizes.For(ctx.Mode);
        var engine = EnginePrediction();
        var ldt = s.Dims.Select(d => (D: d, R: new TwoLayerLdt(LdtTemplate(d, d)).Solve())).ToList();
        double ldtExponent = LinearFit.Fit(ldt.Select(t => Math.Log(t.D)).ToArray(), ldt.Select(t => Math.Log(t.R.PStar)).ToArray()).Slope;
        var spec = PStarSpec(s, ldtExponent, engine.PStarExponent);
        string sweepDir = Path.Combine(ctx.OutDir, "pstar_sweep");
        double share = (to - from) / (1 + 0.3 * s.RefineRounds);   // a refinement round is about 30% of the grid
        var verdicts = ctx.SweepAndAnalyse("pstar_sweep", spec, from, from + share).ToList();
        var analysis = SweepAnalysis.Run(sweepDir);
        var added = new List<string>();
        for (int round = 1; round <= s.RefineRounds; round++)
        {
            var estimates = analysis.PerSize.ToDictionary(t => t.Size, t => t.PStar);
            var next = PStarRefinement.Next(analysis.Curves, estimates, PStar.DefaultThreshold, s.RefineHalfWidth);
            if (next.Count == 0) break;
            var points = next.Select(t => (t.Size, Alpha: Math.Round(t.P / t.Size, 2))).ToList();
            added.Add($"round {round}: " + string.Join(", ", points.Select(t => $"d={t.Size} α={F(t.Alpha, "0.##")}")));
            double start = from + share * (1 + 0.3 * (round - 1));
            string roundDir = Path.Combine("pstar_sweep", SweepAnalysis.RefineFolder,
                round.ToString(CultureInfo.InvariantCulture));
            ctx.SweepAndAnalyse(roundDir,
                PStarRefineSpec(s, round, points), start, Math.Min(to, start + 0.3 * share));
            verdicts = SweepAnalysis.Analyse(sweepDir).ToList();
            analysis = SweepAnalysis.Run(sweepDir);
        }
        if (added.Count > 0)
            verdicts.Add(new Verdict(
                $"adaptive design: α added where A_f crosses 0.1 — {string.Join("; ", added)}", null));

        // theory beside experiment
        var table = new CsvTable("d", "N", "pstar_measured", "ci_low", "ci_high", "crossing", "pstar_ldt", "ldt_t_star", "ldt_specialised_fraction");
        var measured = analysis.PerSize.ToDictionary(t => t.Size, t => t.PStar);
        int inside = 0, comparable = 0;
        var ratios = new List<string>();
        foreach (var (d, r) in ldt)
        {
            var m = measured.GetValueOrDefault(d);
            double p = m is not null && m.Estimate.Found ? m.Estimate.Value : double.NaN;
            table.Add(d, d, Num(p), Num(m?.CiLow ?? double.NaN), Num(m?.CiHigh ?? double.NaN), m?.Estimate.Kind.ToString() ?? "", r.PStar, r.TStar, r.SpecialisedFraction);
            if (m is not null && double.IsFinite(m.CiLow) && double.IsFinite(m.CiHigh))
            {
                comparable++;
                if (r.PStar >= m.CiLow && r.PStar <= m.CiHigh) inside++;
            }
            ratios.Add(double.IsFinite(p)
                ? $"d={d}: {F(p, "0")} [{(m is not null && double.IsFinite(m.CiLow) ? F(m.CiLow, "0") : "?")}, {(m is not null && double.IsFinite(m.CiHigh) ? F(m.CiHigh, "0") : "?")}] vs {F(r.PStar, "0")}"
                : $"d={d}: no crossing vs {F(r.PStar, "0")}");
        }
        table.Write(Path.Combine(ctx.OutDir, "pstar_theory_vs_experiment.csv"));
        verdicts.Add(new Verdict($"P* (A_f = 0.1) measured [95% CI] vs LDT (α = 1): {string.Join("; ", ratios)} — LDT inside the CI at {inside} of {comparable} sizes", null));
        verdicts.Add(new Verdict($"pattern engine (fcn2-he3, N = d): {engine.Winner} wins, P* ∝ d^{F(engine.PStarExponent)}; LDT slope over d = {string.Join(",", s.Dims)}: {F(ldtExponent, "0.00")}", null));
        verdicts.Add(QualityNote(Path.Combine(ctx.OutDir, "pstar_sweep")));

        // figure: measured P* with CI, LDT curve, engine's d^k through the measured points
        var found = analysis.PerSize.Where(t => t.PStar.Estimate.Found).ToList();
        var series = new List<PlotSeries>();
        if (found.Count > 0)
        {
            var xs = found.Select(t => t.Size).ToArray();
            var ys = found.Select(t => t.PStar.Estimate.Value).ToArray();
            series.Add(new PlotSeries("measured P* (95% CI)", xs, ys,
                found.Select(t => double.IsFinite(t.PStar.CiLow) ? t.PStar.Estimate.Value - t.PStar.CiLow : 0).ToArray(),
                found.Select(t => double.IsFinite(t.PStar.CiHigh) ? t.PStar.CiHigh - t.PStar.Estimate.Value : 0).ToArray(), Line: false));
            double c = Math.Exp(xs.Zip(ys).Average(t => Math.Log(t.Second) - engine.PStarExponent * Math.Log(t.First)));
            series.Add(new PlotSeries($"pattern engine ∝ d^{F(engine.PStarExponent)}", xs, xs.Select(x => c * Math.Pow(x, engine.PStarExponent)).ToArray(), Markers: false, Dashed: true));
        }
        series.Add(new PlotSeries($"LDT (α = 1), slope {F(ldtExponent, "0.00")}", ldt.Select(t => (double)t.D).ToArray(), ldt.Select(t => t.R.PStar).ToArray()));
        StudyPlots.Write(Path.Combine(ctx.OutDir, "pstar_vs_d"), "Fig. 2b: P* (A_f = 0.1) vs d, two-layer erf on h3, N = d", "d", "P*", series, logX: true, logY: true);
        return verdicts;
    }
}
