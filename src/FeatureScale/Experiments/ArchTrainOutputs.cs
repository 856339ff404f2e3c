using FeatureScale.Reporting;

namespace FeatureScale.Experiments;

/// <summary>Writes an <see cref="ArchTraining"/> run's files: manifest.json, summary.json, samples.csv, histograms.csv.</summary>
public static class ArchTrainOutputs
{
    /// <summary>Writes everything into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, ArchTrainResult result, DateTimeOffset started, double wallSeconds)
    {
        Directory.CreateDirectory(directory);
        var s = result.Summary;
        var notes = new Dictionary<string, string>
        {
            ["arch"] = s.Arch, ["task"] = s.Task, ["loss"] = s.Loss,
            ["action"] = s.Loss == "ce"
                ? "U = ½Σ CE(softmax(f), label) + Σ_b κ‖θ_b‖²/(2v_b); θ ← θ − η∇U + √(2ηκ)ξ (stationary law: Eq. 23, π ∝ e^{−CE/(2κ)} p0)"
                : "U = ½Σ‖f−y‖² + Σ_b κ‖θ_b‖²/(2v_b); θ ← θ − η∇U + √(2ηκ)ξ (stationary law: Eq. 2)",
            ["eta"] = s.Eta.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["chain_steps_per_second"] = (result.Config.Chains * (double)(result.Config.Steps + result.Config.Burnin) / Math.Max(1e-9, s.WallSeconds))
                .ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (s.Message is not null) notes["divergence"] = s.Message;
        Manifest.Create("train", result.Config, result.Config.Seed, started, wallSeconds, notes).WriteTo(directory);
        Json.Write(Path.Combine(directory, "summary.json"), s);

        var columns = new List<string> { "chain", "sample", "step", "train_loss" };
        columns.AddRange(result.ObservableNames);
        var samples = new CsvTable(columns.ToArray());
        foreach (var r in result.Samples)
        {
            var row = new List<object?> { r.Chain, r.Sample, r.Step, r.TrainLoss };
            row.AddRange(r.Values.Select(v => (object?)v));
            samples.Add(row.ToArray());
        }
        samples.Write(Path.Combine(directory, "samples.csv"));

        var hist = new CsvTable("feature", "left", "right", "center", "count", "density", "h_pi");
        foreach (var b in result.Histograms)
            hist.Add(b.Feature, b.Left, b.Right, 0.5 * (b.Left + b.Right), b.Count, b.Density, double.IsNaN(b.HPi) ? null : b.HPi);
        hist.Write(Path.Combine(directory, "histograms.csv"));
    }
}
