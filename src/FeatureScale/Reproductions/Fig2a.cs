using System.Globalization;
using FeatureScale.Numerics;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using static FeatureScale.Reproductions.PaperReproductions;

namespace FeatureScale.Reproductions;

/// <summary>Fig. 2a of arXiv 2512.04165 (registered by its [Reproduction] attribute).</summary>
public static class Fig2a
{
    /// <summary>Fig. 2a: −log density of layer-1 overlaps β = ⟨h_i, w*·x⟩ from Langevin beside the LDT tilted density.</summary>
    [Reproduction("fig2a", "Two-layer erf on h3: hidden pre-activation overlap density H_π, experiment vs exact LDT (P=40d, N=d=40)", 1, Needs.Trainer, Needs.Ldt)]
    public static ReproductionResult Run(ReproductionContext ctx)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool full = ctx.Mode == ReproductionMode.Full;
        const int d = 40; // the paper's size (d = N = 40, P = 40d); quick mode only runs fewer, shorter chains
        var cfg = new TrainConfig
        {
            D = d, Width = d, P = 40 * d, Chains = full ? 16 : 4, Burnin = full ? 10000 : 4000, Steps = full ? 40000 : 12000, Thin = full ? 50 : 20,
            TestPoints = full ? 10000 : 2000, HistogramBins = 40, Seed = 1,
        };
        var expDir = Path.Combine(ctx.OutDir, "experiment");
        TrainSummary summary;
        if (File.Exists(Path.Combine(expDir, "summary.json")) && File.Exists(Path.Combine(expDir, "histograms.csv"))
            && SameConfig(Path.Combine(expDir, "train_manifest.json"), cfg))
            summary = System.Text.Json.JsonSerializer.Deserialize<TrainSummary>(File.ReadAllText(Path.Combine(expDir, "summary.json")), Json.Options)!;
        else
        {
            Directory.CreateDirectory(expDir);
            var tmp = expDir + ".partial";
            if (Directory.Exists(tmp)) Directory.Delete(tmp, true);
            Directory.CreateDirectory(tmp);
            summary = TrainExecutor.Run(cfg, tmp, new ScaleSink(ctx.Progress, 0.95));
            foreach (var f in Directory.GetFiles(tmp)) File.Move(f, Path.Combine(expDir, Path.GetFileName(f)), true);
            Directory.Delete(tmp, true);
        }
        // measured −log density of the layer-1 linear overlaps
        var hist = ReadCsv(Path.Combine(expDir, "histograms.csv")).Where(r => r["layer"] == "1" && r["feature"] == "linear").ToList();
        var centres = hist.Select(r => double.Parse(r["center"], CultureInfo.InvariantCulture)).ToArray();
        var hpi = hist.Select(r => r["h_pi"] is { Length: > 0 } h ? double.Parse(h, CultureInfo.InvariantCulture) : double.NaN).ToArray();
        var ldt = new TwoLayerLdt(LdtTemplate(d, d));
        var sol = ldt.Solve();
        // the same LDT conditioned on the alignment the experiment reached (A_f ≥ α with α = measured A_f)
        double aMeasured = summary.Alignment.Mean;
        TwoLayerLdt? ldtA = aMeasured > 0.01 && aMeasured < 1 ? new TwoLayerLdt(LdtTemplate(d, d, aMeasured)) : null;
        var solA = ldtA?.Solve();
        double betaMax = Math.Max(centres.Select(Math.Abs).DefaultIfEmpty(1).Max(), 4.5 / Math.Sqrt(d));
        var dens = ldt.TiltedDensity(sol.TStar, betaMax, 201);
        double scale = Math.Sqrt(d); // β√d/σ₁ with σ₁ = 1
        var table = new CsvTable("source", "beta", "beta_sqrt_d", "neg_log_density");
        for (int i = 0; i < centres.Length; i++) if (double.IsFinite(hpi[i])) table.Add("langevin", centres[i], centres[i] * scale, hpi[i]);
        foreach (var (b, nl, _) in dens) table.Add("ldt_tilted", b, b * scale, nl);
        foreach (var (b, _, np) in dens) table.Add("prior", b, b * scale, np);
        var densA = ldtA is not null ? ldtA.TiltedDensity(solA!.TStar, betaMax, 201) : [];
        foreach (var (b, nl, _) in densA) table.Add("ldt_tilted_measured_alpha", b, b * scale, nl);
        table.Write(Path.Combine(ctx.OutDir, "overlap_density.csv"));
        var series = new List<PlotSeries>
        {
            new($"Langevin, P = 40d (A_f = {F(summary.Alignment.Mean, "0.00")})", centres.Where((_, i) => double.IsFinite(hpi[i])).Select(c => c * scale).ToArray(), hpi.Where(double.IsFinite).ToArray(), Line: false),
            new("LDT tilted density (α = 1)", dens.Select(t => t.Beta * scale).ToArray(), dens.Select(t => t.NegLogDensity).ToArray(), Markers: false),
            new($"LDT tilted density (α = measured A_f = {F(aMeasured, "0.00")})", densA.Select(t => t.Beta * scale).ToArray(), densA.Select(t => t.NegLogDensity).ToArray(), Markers: false),
            new("prior N(0, σ₁²/d)", dens.Select(t => t.Beta * scale).ToArray(), dens.Select(t => t.NegLogPrior).ToArray(), Markers: false, Dashed: true),
        };
        StudyPlots.Write(Path.Combine(ctx.OutDir, "overlap_density"), $"Fig. 2a: layer-1 overlap density, d = N = {d}, P = 40d", "β √d / σ₁", "H_π = −log density (min 0)", series, logX: false, logY: false);
        double measuredFrac = summary.Specialised[0].Mean / d, measuredErr = summary.Specialised[0].Sem / d;
        double priorFrac = 2 * 0.5 * Elementwise.ErfcScalar(3 / Math.Sqrt(2));
        var verdicts = new List<Verdict>
        {
            new($"fraction of layer-1 neurons with |β| > 3σ₁/√d: Langevin (P = 40d, d = N = {d}, A_f = {F(summary.Alignment.Mean, "0.00")}) {F(measuredFrac, "0.0000")} ± {F(measuredErr, "0.0000")}; LDT tilted density at α = measured A_f: {(solA is null ? "n/a" : F(solA.SpecialisedFraction, "0.0000"))}, at α = 1: {F(sol.SpecialisedFraction, "0.0000")}; prior {F(priorFrac, "0.0000")}", null),
            new($"chains: split-R̂ of A_f {F(summary.Rhat, "0.00")}, ESS {F(summary.Ess, "0")}{(summary.Rhat > 1.1 ? " — not equilibrated (short chains): indicative only" : "")}", null),
        };
        return new ReproductionResult(verdicts, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Whether the stored run was made with <paramref name="cfg"/> (its manifest's config): a folder of an
    /// older version (ULA up to 0.1) or another mode is rerun, not reused.</summary>
    public static bool SameConfig(string manifestPath, TrainConfig cfg)
    {
        if (!File.Exists(manifestPath)) return false;
        try
        {
            var stored = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))?["config"];
            var now = System.Text.Json.JsonSerializer.SerializeToNode(cfg, Json.Options);
            return stored is not null && System.Text.Json.Nodes.JsonNode.DeepEquals(stored, now);
        }
        catch (System.Text.Json.JsonException) { return false; }
    }
}
