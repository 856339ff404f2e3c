using System.Globalization;

namespace FeatureScale.Experiments;

/// <summary>
/// Memory and disk estimates of a training run from its config alone, before anything is allocated. Sizes are
/// multiplied in double precision, so no integer size can overflow. The estimate is an upper-side approximation of
/// the big arrays: data sets (P·d, test points·d), per concurrent chain the parameters (×4: state, gradient, noise,
/// initial draw) and the activations on the training and test sets (×3 and ×2 per hidden unit), the kept per-neuron
/// overlaps (float, two features, all chains: kept for the histograms), and with write_overlaps the overlaps.csv
/// table built in memory (≈ 250 bytes a row) and on disk (≈ 40 bytes a row).
/// </summary>
public static class TrainResources
{
    /// <summary>Estimated peak memory, overlaps.csv size (0 when not written) and the parameters that set them.</summary>
    public sealed record Estimate(double MemoryBytes, double OverlapsCsvBytes, string Parameters);

    /// <summary>The estimate for a config (fields as given; call after the config's own checks).</summary>
    public static Estimate Of(TrainConfig c)
    {
        double[] widths = (c.Widths ?? Enumerable.Repeat(c.Width, Math.Max(1, c.Depth - 1)).ToArray()).Select(w => (double)w).ToArray();
        double sumN = widths.Sum();
        double d = c.D, p = c.P, test = c.TestPoints, chains = c.Chains;
        double tokens = 1;
        if (Is(c.Arch, "attention")) { tokens = c.ContextLength; sumN = Math.Max(sumN, c.Heads * c.ContextLength); }
        if (Is(c.Task, "modadd")) { p = (double)c.Modulus * c.Modulus; d = 2.0 * c.Modulus; test = p; }
        double parameters = d * widths[0] + widths[^1];
        for (int l = 1; l < widths.Length; l++) parameters += widths[l - 1] * widths[l];
        double concurrent = Math.Min(chains, c.Threads > 0 ? c.Threads : Environment.ProcessorCount);
        double trainSets = c.NewDataPerChain ? chains : 1;
        double data = 8 * (p * trainSets + test) * d * tokens;
        double perChain = 8 * (4 * parameters + 3 * p * sumN * tokens + 2 * test * sumN * tokens);
        double samples = Math.Floor((double)c.Steps / Math.Max(1, c.Thin)) + 1;
        double overlapRows = chains * samples * sumN * 2;
        double memory = data + concurrent * perChain + 4 * overlapRows + 64e6;
        double csv = 0;
        if (c.WriteOverlaps) { memory += 250 * overlapRows; csv = 40 * overlapRows; }
        string widthText = c.Widths is { } ws ? $"widths={string.Join(",", ws)}" : $"width={c.Width}";
        string parts = Is(c.Task, "modadd")
            ? $"modulus={c.Modulus}, {widthText}, chains={c.Chains}"
            : $"P={c.P}, d={c.D}, {widthText}, chains={c.Chains}, test_points={c.TestPoints}";
        if (Is(c.Arch, "attention")) parts += $", heads={c.Heads}, context_length={c.ContextLength}";
        parts += string.Create(CultureInfo.InvariantCulture, $", steps/thin={c.Steps}/{c.Thin}");
        if (c.WriteOverlaps) parts += ", write_overlaps";
        return new Estimate(memory, csv, parts);
    }

    /// <summary>Refuses (one-line <see cref="ConfigException"/>) a config whose estimate exceeds the machine's memory, or
    /// whose overlaps.csv would not fit on the disk of outDir.</summary>
    public static void Check(TrainConfig c, string? outDir = null)
    {
        var e = Of(c);
        ResourceGuard.CheckMemory(e.MemoryBytes, e.Parameters);
        if (outDir is not null && e.OverlapsCsvBytes > 0) ResourceGuard.CheckDisk(e.OverlapsCsvBytes, outDir, "overlaps.csv (--write-overlaps)");
    }

    private static bool Is(string value, string name) => string.Equals(value.Trim(), name, StringComparison.OrdinalIgnoreCase);
}
