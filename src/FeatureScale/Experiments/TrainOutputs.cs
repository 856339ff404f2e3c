using FeatureScale.Reporting;

namespace FeatureScale.Experiments;

/// <summary>Writes a training run's files: manifest.json, summary.json, samples.csv, histograms.csv.</summary>
public static class TrainOutputs
{
    /// <summary>Writes everything into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, TrainResult result, DateTimeOffset started, double wallSeconds)
    {
        Directory.CreateDirectory(directory);
        var s = result.Summary;
        var notes = new Dictionary<string, string>
        {
            ["target_normalisation"] = s.TargetNormalisation,
            ["action"] = "U = ½Σ(f−y)² + Σ_l κN_{l−1}‖W^l‖²/(2σ_l²); θ ← θ − η∇U + √(2ηκ)ξ (stationary law: Eq. 2)",
            ["eta"] = s.Eta.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["chain_steps_per_second"] = (result.Config.Chains * (double)(result.Config.Steps + result.Config.Burnin) / Math.Max(1e-9, s.WallSeconds))
                .ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (s.Message is not null) notes["divergence"] = s.Message;
        Manifest.Create("train", result.Config, result.Config.Seed, started, wallSeconds, notes).WriteTo(directory);
        Json.Write(Path.Combine(directory, "summary.json"), s);

        int hidden = result.Summary.Specialised.Count;
        var columns = new List<string> { "chain", "sample", "step", "alignment", "test_mse", "train_mse", "running_alignment" };
        for (int l = 1; l <= hidden; l++) columns.Add($"specialised_l{l}");
        for (int l = 1; l <= hidden; l++) columns.Add($"specialised_target_l{l}");
        var samples = new CsvTable(columns.ToArray());
        foreach (var r in result.Samples)
        {
            var row = new List<object?> { r.Chain, r.Sample, r.Step, r.Alignment, r.TestMse, r.TrainMse, r.RunningAlignment };
            row.AddRange(r.Specialised.Cast<object?>());
            row.AddRange(r.SpecialisedTarget.Cast<object?>());
            samples.Add(row.ToArray());
        }
        samples.Write(Path.Combine(directory, "samples.csv"));

        var hist = new CsvTable("layer", "feature", "left", "right", "center", "count", "density", "h_pi");
        foreach (var b in result.Histograms)
            hist.Add(b.Layer, b.Feature, b.Left, b.Right, 0.5 * (b.Left + b.Right), b.Count, b.Density, double.IsNaN(b.HPi) ? null : b.HPi);
        hist.Write(Path.Combine(directory, "histograms.csv"));

        if (result.Config.WriteOverlaps)
        {
            var table = new CsvTable("chain", "sample", "layer", "feature", "neuron", "overlap");
            foreach (var o in result.Overlaps)
                for (int j = 0; j < o.Values.Length; j++)
                    table.Add(o.Chain, j / o.Width, o.Layer, o.Feature, j % o.Width, o.Values[j]);
            table.Write(Path.Combine(directory, "overlaps.csv"));
        }
    }
}
