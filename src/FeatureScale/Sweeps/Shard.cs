using System.Globalization;

namespace FeatureScale.Sweeps;

/// <summary>A deterministic slice of a sweep: shard I of N (1 ≤ I ≤ N) holds the runs whose index ≡ I−1 (mod N).</summary>
public readonly record struct Shard(int I, int N)
{
    /// <summary>The whole sweep.</summary>
    public static readonly Shard All = new(1, 1);

    /// <summary>Parses "i/n" (1-based: "1/2" and "2/2" split a sweep in two).</summary>
    public static Shard Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || i < 1 || i > n)
            throw new ConfigException($"--shard must be i/n with 1 ≤ i ≤ n (got '{text}')");
        return new Shard(i, n);
    }

    /// <summary>Whether the run with this expansion index belongs to the shard.</summary>
    public bool Contains(int index) => index % N == I - 1;

    public override string ToString() => $"{I}/{N}";
}
