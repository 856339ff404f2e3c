using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FeatureScale.Reporting;

/// <summary>
/// Field paths into JSON configs: "P", "model.widths", "widths[1]", "layers[0].sigma2". A path names a field of
/// nested objects (dots) and elements of arrays ([index]).
/// </summary>
public static class JsonPaths
{
    private readonly record struct Step(string? Name, int Index);

    private static List<Step> Parse(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ConfigException("empty field path");
        var steps = new List<Step>();
        foreach (var part in path.Split('.'))
        {
            int b = part.IndexOf('[');
            string name = b < 0 ? part : part[..b];
            if (name.Length == 0 && b != 0) throw new ConfigException($"bad field path '{path}'");
            if (name.Length > 0) steps.Add(new Step(name, -1));
            while (b >= 0)
            {
                int e = part.IndexOf(']', b);
                if (e < 0 || !int.TryParse(part.AsSpan(b + 1, e - b - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int idx))
                    throw new ConfigException($"bad index in field path '{path}'");
                steps.Add(new Step(null, idx));
                b = e + 1 < part.Length ? (part[e + 1] == '[' ? e + 1 : throw new ConfigException($"bad field path '{path}'")) : -1;
            }
        }
        if (steps.Count == 0) throw new ConfigException($"bad field path '{path}'");
        return steps;
    }

    /// <summary>The node at path, or null when any step is missing. A numeric name indexes an array ("a.0.b" = "a[0].b").</summary>
    public static JsonNode? Get(JsonNode? root, string path)
    {
        var node = root;
        foreach (var s in Parse(path))
        {
            if (node is null) return null;
            if (s.Name is not null)
                node = node switch
                {
                    JsonObject o => o.TryGetPropertyValue(s.Name, out var v) ? v : null,
                    // "specialised.0.mean" (the flattened CSV column name) reads like "specialised[0].mean"
                    JsonArray arr when int.TryParse(s.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < arr.Count => arr[k],
                    _ => null,
                };
            else node = node is JsonArray a && s.Index < a.Count ? a[s.Index] : null;
        }
        return node;
    }

    /// <summary>The number at path, or NaN when it is missing or not a number.</summary>
    public static double GetDouble(JsonNode? root, string path) => Number(Get(root, path));

    /// <summary>The node as a double whatever its backing (parsed text or an in-memory int, long, float…); NaN if not a number.</summary>
    public static double Number(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return double.NaN;
        if (v.TryGetValue(out double d)) return d;
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : double.NaN;
    }

    /// <summary>
    /// Sets path to a deep copy of value, creating missing intermediate objects. Array elements must already exist
    /// (a sweep over widths[1] needs a base config with a widths array of at least two entries).
    /// </summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var steps = Parse(path);
        JsonNode node = root;
        for (int i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            bool last = i == steps.Count - 1;
            if (s.Name is not null)
            {
                if (node is not JsonObject o) throw new ConfigException($"field path '{path}': '{s.Name}' is not inside an object in the base config");
                if (last) { o[s.Name] = value?.DeepClone(); return; }
                if (!o.TryGetPropertyValue(s.Name, out var next) || next is null)
                {
                    next = steps[i + 1].Name is not null ? new JsonObject() : throw new ConfigException($"field path '{path}': array '{s.Name}' is missing from the base config");
                    o[s.Name] = next;
                }
                node = next;
            }
            else
            {
                if (node is not JsonArray a || s.Index >= a.Count)
                    throw new ConfigException($"field path '{path}': index [{s.Index}] is outside the array in the base config");
                if (last) { a[s.Index] = value?.DeepClone(); return; }
                node = a[s.Index] ?? throw new ConfigException($"field path '{path}': element [{s.Index}] is null");
            }
        }
    }

    /// <summary>Removes the field at path if present.</summary>
    public static void Remove(JsonObject root, string path)
    {
        var steps = Parse(path);
        JsonNode? node = root;
        for (int i = 0; i < steps.Count - 1 && node is not null; i++)
            node = steps[i].Name is { } n ? (node as JsonObject)?[n] : node is JsonArray a && steps[i].Index < a.Count ? a[steps[i].Index] : null;
        if (node is JsonObject o && steps[^1].Name is { } last) o.Remove(last);
    }

    /// <summary>Compact JSON with object keys sorted recursively: equal configs give equal text whatever the key order.</summary>
    public static string Canonical(JsonNode? node)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteCanonical(w, node);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteCanonical(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { w.WritePropertyName(kv.Key); WriteCanonical(w, kv.Value); }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var e in a) WriteCanonical(w, e);
                w.WriteEndArray();
                break;
            default: node.WriteTo(w); break;
        }
    }

    /// <summary>First 8 hex digits of SHA-256 of the canonical JSON: a short, stable fingerprint of a config.</summary>
    public static string ShortHash(JsonNode? node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(node))))[..8];

    /// <summary>
    /// Flattens a JSON tree to (dotted path, scalar) pairs in document order: {"a":{"b":1},"c":[{"x":2}]} gives
    /// ("a.b", 1), ("c.0.x", 2). Numbers come back as double, strings and booleans as themselves.
    /// </summary>
    public static IEnumerable<(string Path, object? Value)> Flatten(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var kv in o)
                    foreach (var r in Flatten(kv.Value, prefix.Length == 0 ? kv.Key : prefix + "." + kv.Key)) yield return r;
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    foreach (var r in Flatten(a[i], prefix + "." + i.ToString(CultureInfo.InvariantCulture))) yield return r;
                break;
            case JsonValue v:
                if (v.GetValueKind() == JsonValueKind.Number) yield return (prefix, Number(v));
                else if (v.GetValueKind() == JsonValueKind.String) yield return (prefix, v.GetValue<string>());
                else if (v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) yield return (prefix, v.GetValue<bool>());
                else yield return (prefix, null);
                break;
            default: yield return (prefix, null); break;
        }
    }

    /// <summary>A value as it appears in a run key: numbers as written, arrays joined by 'x' (widths 40x40), strings sanitised.</summary>
    public static string KeyText(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray a => string.Join("x", a.Select(KeyText)),
        JsonObject o => ShortHash(o),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Sanitize(v.GetValue<string>()),
        _ => Sanitize(node.ToJsonString()),
    };

    /// <summary>Keeps letters, digits and . - + ; everything else becomes '-'.</summary>
    public static string Sanitize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' ? c : '-');
        return sb.ToString();
    }
}
