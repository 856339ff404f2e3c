using System.Text.Json;
using System.Text.Json.Serialization;

namespace FeatureScale.Theory;

/// <summary>
/// A scaling problem for the pattern engine, as read from (and written to) a problem JSON file
/// (schema: problems/README.md). Monomials are written as text, e.g. "d^3", "N_w", "L*d^3", "1".
/// </summary>
public sealed class ProblemSpec
{
    /// <summary>Short identifier, e.g. "fcn3-he3".</summary>
    public string Name { get; set; } = "";
    /// <summary>One line on what the problem is.</summary>
    public string? Description { get; set; }
    /// <summary>Where the paper treats it, e.g. "arXiv 2512.04165 §6.1, Table 1".</summary>
    public string? Reference { get; set; }
    /// <summary>The independent scale variables (large parameters), e.g. ["d", "N1", "N2"].</summary>
    public List<string> Scales { get; set; } = [];
    /// <summary>Derived scale variables as monomials of the independent ones, e.g. {"N_w": "d*S^-1"}.</summary>
    public Dictionary<string, string>? Derived { get; set; }
    /// <summary>Activation ("erf", "tanh", "relu", "generic"): sets which Hermite degrees σ(Φ) contains.</summary>
    public string Activation { get; set; } = "erf";
    /// <summary>Optional override of the degrees n with a non-zero Hermite coefficient of σ (used for rule 1).</summary>
    public List<int>? HermiteSupport { get; set; }
    /// <summary>Hidden layers l = 1 … L−1 (the read-out is implicit), each with its width monomial.</summary>
    public List<LayerSpec> Layers { get; set; } = [];
    /// <summary>The feature catalogue.</summary>
    public List<FeatureSpec> Features { get; set; } = [];
    /// <summary>Name of the target feature y.</summary>
    public string Target { get; set; } = "";
    /// <summary>Multiplies a_y: the mean-field scale χ (App. E.1.1: "enhancing the alignment factor by χ"); "1" by default.</summary>
    public string? ReadoutFactor { get; set; }
    /// <summary>The pattern menu; null or empty: every combination of <see cref="PatternKinds"/> per layer.</summary>
    public List<PatternSpec>? Patterns { get; set; }
    /// <summary>Kinds used when enumerating (default: GP, GFL, M-Sp, Mag, mu-Sp).</summary>
    public List<string>? PatternKinds { get; set; }
    /// <summary>
    /// What the target is as data, for <c>verify</c>'s trainer: "hermite" (the default: a degree-n feature along a
    /// direction is He_n(w·x)/√n!), "parity", "patch" or "attention"; verify trains hermite problems only.
    /// </summary>
    public string? Task { get; set; }
    /// <summary>Free-text notes (how the catalogue encodes the paper's costs).</summary>
    public string? Notes { get; set; }

    /// <summary>JSON options for problem files: snake_case, comments and trailing commas allowed.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a problem JSON text.</summary>
    public static ProblemSpec FromJson(string json, string source = "problem")
    {
        ProblemSpec? p;
        try { p = JsonSerializer.Deserialize<ProblemSpec>(json, JsonOptions); }
        catch (JsonException e) { throw new ConfigException($"{source}: {e.Message.Split('\n')[0]}"); }
        if (p is null) throw new ConfigException($"{source}: empty problem");
        p.Validate(source);
        return p;
    }

    /// <summary>Writes this problem as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Checks names and references; throws <see cref="ConfigException"/> with one clear line.</summary>
    public void Validate(string source = "problem")
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ConfigException($"{source}: 'name' is missing");
        if (Scales.Count == 0) throw new ConfigException($"{source}: 'scales' is empty");
        if (Layers.Count == 0) throw new ConfigException($"{source}: at least one hidden layer is needed");
        var known = new HashSet<string>(Scales, StringComparer.Ordinal);
        foreach (var k in Derived?.Keys ?? Enumerable.Empty<string>()) known.Add(k);
        void CheckMonomial(string? text, string what)
        {
            if (text is null) return;
            foreach (var v in Monomial.Parse(text).Variables)
                if (!known.Contains(v)) throw new ConfigException($"{source}: {what} uses '{v}', which is not a scale variable");
        }
        foreach (var (k, v) in Derived ?? []) { if (Scales.Contains(k)) throw new ConfigException($"{source}: '{k}' is both a scale and derived"); CheckMonomial(v, $"derived '{k}'"); }
        foreach (var l in Layers) CheckMonomial(l.Width, $"layer '{l.Name}' width");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Features)
        {
            if (!names.Add(f.Name)) throw new ConfigException($"{source}: feature '{f.Name}' appears twice");
            if (f.Degree < 1) throw new ConfigException($"{source}: feature '{f.Name}' needs degree ≥ 1");
            CheckMonomial(f.GpNorm, $"feature '{f.Name}' gp_norm");
            CheckMonomial(f.SpikeFactor, $"feature '{f.Name}' spike_factor");
        }
        if (!names.Contains(Target)) throw new ConfigException($"{source}: target '{Target}' is not in the feature catalogue");
        CheckMonomial(ReadoutFactor, "readout_factor");
        foreach (var p in Patterns ?? [])
        {
            if (p.Layers.Count != Layers.Count)
                throw new ConfigException($"{source}: pattern '{p.Name}' gives {p.Layers.Count} layer patterns for {Layers.Count} hidden layers");
            foreach (var lp in p.Layers)
            {
                var (kind, feature) = LayerPattern.Parse(lp);
                if (feature is not null && !names.Contains(feature)) throw new ConfigException($"{source}: pattern '{p.Name}' uses unknown feature '{feature}'");
                _ = kind;
            }
        }
        foreach (var k in PatternKinds ?? []) _ = LayerPattern.ParseKind(k);
    }
}
