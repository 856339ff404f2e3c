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
        static double Alpha((double Size, double P) t) => Math.Round(t.P / t.Size, 2);
        var design = AdaptivePStar.Run(ctx, "pstar_sweep", spec,
            (round, points) => PStarRefineSpec(s, round, points.Select(t => (t.Size, Alpha(t))).ToList()),
            s.RefineRounds, s.RefineHalfWidth, t => $"d={t.Size} α={F(Alpha(t), "0.##")}", from, to);
        var verdicts = design.Verdicts;
        var analysis = design.Analysis;
        if (design.Rounds.Count > 0)
            verdicts.Add(new Verdict(
                $"adaptive design: α added where A_f crosses 0.1 — {string.Join("; ", design.Rounds)}", null));

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
