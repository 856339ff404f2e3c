using System.Text.Json;
using FeatureScale.Kernels;
using FeatureScale.Activations;

namespace FeatureScale.Experiments;

/// <summary>
/// The GP's reading of a training configuration file (the same JSON as <c>featurescale train</c>). This is a
/// tolerant subset reader — unknown fields are ignored — of the project's TrainConfig, kept in Kernels until the
/// two are unified. Fields: d, p, widths (hidden widths) or width + depth (depth = number of weight layers L,
/// so a two-layer network has depth 2), act, target, kappa, sigma2 (number or per-layer array of length L), seed,
/// test_points; GP-only extras: p_grid (learning-curve sample sizes), direct_max_p (largest P regressed directly),
/// inputs ("gaussian" = x ~ N(0, I_d), default; "sphere" = uniform on |x|² = d, where the spectrum theory is exact),
/// gp_repeats (independent data sets averaged in the direct regression, default 1).
/// </summary>
public sealed record GpConfig(int D, int P, int Depth, string Act, string Target, double Kappa, double[] Sigma2, ulong Seed,
    int TestPoints, double[]? PGrid = null, int DirectMaxP = 4000, string Param = "standard", string Inputs = "gaussian", int Repeats = 1)
{
    /// <summary>Reads a config file.</summary>
    public static GpConfig Load(string path)
    {
        if (Directory.Exists(path)) throw new ConfigException($"--config '{path}' is a folder, not a JSON file");
        if (!File.Exists(path)) throw new ConfigException($"--config: file not found: {path}");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new ConfigException($"config {path} is not valid JSON: {e.Message.Split('\n')[0]}"); }
        return FromJson(doc.RootElement);
    }

    /// <summary>Reads from a JSON object.</summary>
    public static GpConfig FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ConfigException("config must be a JSON object");
        // a train config (TrainConfig's keys) is read too: "P", "activation", "sigma2_layers", "parameterisation"
        foreach (var (key, fcnOnly) in new[] { ("arch", "fcn"), ("task", "hermite") })
            if (Str(root, key) is { } v && !v.Trim().Equals(fcnOnly, StringComparison.OrdinalIgnoreCase))
                throw new ConfigException($"config field \"{key}\" is '{v}': the GP prediction covers the FCN on a Hermite target only ({key} {fcnOnly})");
        int d = Int(root, "d") ?? throw new ConfigException("config needs \"d\"");
        int? pTrain = Int(root, "P"), pGp = Int(root, "p");
        if (pTrain is not null && pGp is not null && pTrain != pGp) throw new ConfigException("config gives both \"P\" and \"p\" with different values");
        int p = pTrain ?? pGp ?? throw new ConfigException("config needs \"P\" (the training-set size)");
        string act = Either(root, "activation", "act") ?? "erf";
        string param = Either(root, "parameterisation", "param") ?? "standard";
        if (!param.Trim().Equals("standard", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException($"config field \"parameterisation\" is '{param}': the GP prediction is computed for the standard parameterisation only");
        int depth;
        if (root.TryGetProperty("widths", out var ws) && ws.ValueKind == JsonValueKind.Array) depth = ws.GetArrayLength() + 1;
        else depth = Int(root, "depth") ?? 2;
        if (depth < 1) throw new ConfigException("depth must be ≥ 1");
        double[] sigma2;
        var layers = Get(root, "sigma2_layers") is { ValueKind: JsonValueKind.Array } sl ? sl : (JsonElement?)null;
        if (layers is { } l0 || (root.TryGetProperty("sigma2", out var s2) && s2.ValueKind == JsonValueKind.Array && (l0 = s2).ValueKind == JsonValueKind.Array))
        {
            sigma2 = l0.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new ConfigException("\"sigma2\" entries must be numbers")).ToArray();
            if (sigma2.Length != depth) throw new ConfigException($"sigma2 has {sigma2.Length} entries but the network has {depth} weight layers");
        }
        else sigma2 = Enumerable.Repeat(Double(root, "sigma2") ?? 1.0, depth).ToArray();
        double[]? grid = root.TryGetProperty("p_grid", out var g) && g.ValueKind == JsonValueKind.Array ? g.EnumerateArray().Select(e => e.GetDouble()).ToArray() : null;
        if (sigma2.Any(v => !(v > 0) || !double.IsFinite(v))) throw new ConfigException("\"sigma2\" must be positive and finite");
        if (grid is not null && grid.Any(v => !(v >= 1) || !double.IsFinite(v))) throw new ConfigException("\"p_grid\" entries must be sample sizes ≥ 1");
        _ = Activation.Parse(act);
        var cfg = new GpConfig(d, p, depth, act, Str(root, "target") ?? "h3", Double(root, "kappa") ?? 1.0, sigma2,
            (ulong)(Int(root, "seed") ?? 1), Int(root, "test_points") ?? 2000, grid, Int(root, "direct_max_p") ?? 4000, param,
            (Str(root, "inputs") ?? "gaussian").ToLowerInvariant(), Int(root, "gp_repeats") ?? 1);
        if (cfg.Inputs is not ("gaussian" or "sphere")) throw new ConfigException($"\"inputs\" must be gaussian or sphere (got {cfg.Inputs})");
        if (cfg.Repeats < 1) throw new ConfigException("gp_repeats must be ≥ 1");
        if (d < 1 || p < 1 || cfg.TestPoints < 1) throw new ConfigException("d, p and test_points must be positive");
        if (!(cfg.Kappa >= 0) || !double.IsFinite(cfg.Kappa)) throw new ConfigException("kappa must be ≥ 0 and finite");
        if (cfg.DirectMaxP < 0) throw new ConfigException("direct_max_p must be ≥ 0");
        if (Int(root, "seed") is < 0) throw new ConfigException("seed must be ≥ 0");
        double m = Math.Min(Math.Max(p, grid?.Max() ?? p), cfg.DirectMaxP);
        ResourceGuard.CheckMemory(8.0 * (4.0 * m * m + (m + cfg.TestPoints) * d * cfg.Repeats + 2.0 * m * cfg.TestPoints) + 64e6,
            $"P={p}, d={d}, test_points={cfg.TestPoints}, direct_max_p={cfg.DirectMaxP}");
        return cfg;
    }

    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
    private static int? Int(JsonElement root, string name) => Get(root, name) is { } v
        ? (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw new ConfigException($"\"{name}\" must be a whole number from -2147483648 to 2147483647"))
        : null;

    /// <summary>A field under its train-config name or its GP name (both given and different: refused).</summary>
    private static string? Either(JsonElement root, string trainName, string gpName)
    {
        var a = Str(root, trainName); var b = Str(root, gpName);
        if (a is not null && b is not null && a != b) throw new ConfigException($"config gives both \"{trainName}\" and \"{gpName}\" with different values");
        return a ?? b;
    }
    private static double? Double(JsonElement root, string name) => Get(root, name) is { } v ? (v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new ConfigException($"\"{name}\" must be a number")) : null;
    private static string? Str(JsonElement root, string name) => Get(root, name) is { } v ? (v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ConfigException($"\"{name}\" must be a string")) : null;

    /// <summary>The NNGP kernel of this configuration.</summary>
    public NngpKernel Kernel() => new(Activation.Parse(Act), Sigma2);
}
