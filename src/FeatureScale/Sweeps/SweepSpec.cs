using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>
/// A sweep specification: a base config plus axes. JSON form:
/// <code>
/// {
///   "name": "pstar-vs-d",
///   "executor": "train",                           // IRunExecutor registered under this name
///   "base": { "depth": 2, "widths": [40], "kappa": 1.0 },   // any JSON object: the config of every run
///   "grid": { "d": [10, 20, 40], "$alpha": [5, 10, 20, 40], "seed": [1, 2, 3] },   // Cartesian product
///   "zip":  [ { "d": [10, 20], "widths[0]": [10, 20] } ],   // each group varies its fields together
///   "derive": { "P": "round($alpha*d)" },          // fields computed from others: * / and round()
///   "analysis": { ... }                            // optional, read by SweepAnalysis
/// }
/// </code>
/// Axes are expanded in order: the grid fields in the order written, then the zip groups; the first axis is the
/// outermost loop. Fields are paths into the config ("model.widths", "widths[0]"). Names starting with '$' are
/// sweep variables: usable in "derive" and shown in run keys, but not part of the executor's config.
/// </summary>
public sealed class SweepSpec
{
    /// <summary>The sweep's name (used in reports).</summary>
    public string Name { get; }
    /// <summary>Name of the registered executor that runs each config.</summary>
    public string Executor { get; }
    /// <summary>The base config every run starts from.</summary>
    public JsonObject Base { get; }
    /// <summary>The axes, outermost first; each maps field paths to equally long value lists.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, JsonArray>>> Axes { get; }
    /// <summary>Derived fields: path → expression.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Derive { get; }
    /// <summary>The analysis block, if any.</summary>
    public JsonObject? Analysis { get; }
    /// <summary>The spec as read (for storing beside the runs).</summary>
    public JsonObject Source { get; }

    private SweepSpec(string name, string executor, JsonObject @base, List<IReadOnlyList<KeyValuePair<string, JsonArray>>> axes,
        List<KeyValuePair<string, string>> derive, JsonObject? analysis, JsonObject source)
    {
        Name = name; Executor = executor; Base = @base; Axes = axes; Derive = derive; Analysis = analysis; Source = source;
    }

    /// <summary>Reads a spec file.</summary>
    public static SweepSpec Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"sweep spec '{path}' not found");
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses spec JSON; every problem is a <see cref="ConfigException"/> with one clear line.</summary>
    public static SweepSpec Parse(string json)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException je) { throw new ConfigException($"sweep spec is not valid JSON: {je.Message.Split('\n')[0]}"); }
        if (root is not JsonObject o) throw new ConfigException("sweep spec must be a JSON object");
        var known = new HashSet<string> { "name", "executor", "base", "grid", "zip", "derive", "analysis", "description" };
        foreach (var kv in o) if (!known.Contains(kv.Key)) throw new ConfigException($"sweep spec: unknown field '{kv.Key}' (expected {string.Join(", ", known)})");
        string name = o["name"] is JsonValue nv && nv.TryGetValue(out string? n) ? n : "sweep";
        string executor = o["executor"] is JsonValue ev && ev.TryGetValue(out string? e) && e.Length > 0 ? e : throw new ConfigException("sweep spec: 'executor' (a string) is required");
        var @base = o["base"] switch { null => new JsonObject(), JsonObject b => (JsonObject)b.DeepClone(), _ => throw new ConfigException("sweep spec: 'base' must be an object") };

        var axes = new List<IReadOnlyList<KeyValuePair<string, JsonArray>>>();
        var seen = new HashSet<string>();
        void AddField(string field) { if (!seen.Add(field)) throw new ConfigException($"sweep spec: field '{field}' is swept twice"); }
        if (o["grid"] is { } g)
        {
            if (g is not JsonObject go) throw new ConfigException("sweep spec: 'grid' must be an object of field → list of values");
            foreach (var kv in go)
            {
                AddField(kv.Key);
                var values = kv.Value as JsonArray ?? throw new ConfigException($"sweep spec: grid field '{kv.Key}' must be a list of values");
                if (values.Count == 0) throw new ConfigException($"sweep spec: grid field '{kv.Key}' has no values");
                axes.Add([new(kv.Key, values)]);
            }
        }
        if (o["zip"] is { } z)
        {
            var groups = z switch { JsonArray za => za.ToList(), JsonObject zo => [zo], _ => throw new ConfigException("sweep spec: 'zip' must be a list of groups") };
            foreach (var grp in groups)
            {
                if (grp is not JsonObject zg || zg.Count == 0) throw new ConfigException("sweep spec: each zip group must be a non-empty object of field → list of values");
                var axis = new List<KeyValuePair<string, JsonArray>>();
                int len = -1;
                foreach (var kv in zg)
                {
                    AddField(kv.Key);
                    var values = kv.Value as JsonArray ?? throw new ConfigException($"sweep spec: zip field '{kv.Key}' must be a list of values");
                    if (len < 0) len = values.Count;
                    else if (values.Count != len)
                        throw new ConfigException($"sweep spec: zip group lists differ in length ('{axis[0].Key}' has {len} values, '{kv.Key}' has {values.Count})");
                    axis.Add(new(kv.Key, values));
                }
                if (len == 0) throw new ConfigException("sweep spec: a zip group has empty lists");
                axes.Add(axis);
            }
        }
        var derive = new List<KeyValuePair<string, string>>();
        if (o["derive"] is { } dv)
        {
            if (dv is not JsonObject dobj) throw new ConfigException("sweep spec: 'derive' must be an object of field → expression");
            foreach (var kv in dobj)
            {
                AddField(kv.Key);
                string expr = kv.Value is JsonValue xv && xv.TryGetValue(out string? s) ? s : throw new ConfigException($"sweep spec: derive '{kv.Key}' must be an expression string");
                derive.Add(new(kv.Key, expr));
            }
        }
        var analysis = o["analysis"] switch { null => null, JsonObject a => (JsonObject)a.DeepClone(), _ => throw new ConfigException("sweep spec: 'analysis' must be an object") };
        return new SweepSpec(name, executor, @base, axes, derive, analysis, (JsonObject)o.DeepClone());
    }

    /// <summary>Number of runs the spec expands to.</summary>
    public int Count => Axes.Aggregate(1, (acc, a) => checked(acc * a[0].Value.Count));

    /// <summary>
    /// Expands the spec into runs in a deterministic order (first axis outermost). Keys are unique: two runs with
    /// the same full config are rejected.
    /// </summary>
    public IReadOnlyList<SweepRun> Expand()
    {
        int total = Count;
        if (total > 1_000_000) throw new ConfigException($"sweep spec expands to {total} runs; more than a million is surely a mistake");
        var runs = new List<SweepRun>(total);
        var lengths = Axes.Select(a => a[0].Value.Count).ToArray();
        var idx = new int[Axes.Count];
        var byHash = new Dictionary<string, int>();
        for (int r = 0; r < total; r++)
        {
            int rem = r;
            for (int a = Axes.Count - 1; a >= 0; a--) { idx[a] = rem % lengths[a]; rem /= lengths[a]; }
            var config = (JsonObject)Base.DeepClone();
            var vars = new Dictionary<string, JsonNode?>();
            var values = new List<KeyValuePair<string, JsonNode?>>();
            for (int a = 0; a < Axes.Count; a++)
                foreach (var (field, list) in Axes[a])
                {
                    var v = list[idx[a]];
                    values.Add(new(field, v?.DeepClone()));
                    if (field.StartsWith('$')) vars[field] = v?.DeepClone();
                    else JsonPaths.Set(config, field, v);
                }
            foreach (var (field, expr) in Derive)
            {
                var v = JsonValue.Create(Expression.Evaluate(expr, name => name.StartsWith('$')
                    ? vars.TryGetValue(name, out var x) && JsonPaths.Number(x) is var dx && !double.IsNaN(dx) ? dx : throw new ConfigException($"derive '{field}': variable '{name}' is not swept or not a number")
                    : JsonPaths.GetDouble(config, name) is var dc && !double.IsNaN(dc) ? dc : throw new ConfigException($"derive '{field}': field '{name}' is missing or not a number")));
                values.Add(new(field, v.DeepClone()));
                if (field.StartsWith('$')) vars[field] = v; else JsonPaths.Set(config, field, v);
            }
            config = RunExecutors.Canonical(Executor, config);
            string hash = JsonPaths.ShortHash(config);
            if (byHash.TryGetValue(hash, out int other))
                throw new ConfigException($"sweep spec: runs {other} and {r} have the same config (a swept field does not change it, or values repeat)");
            byHash[hash] = r;
            runs.Add(new SweepRun(MakeKey(values, hash), r, config, values));
        }
        return runs;
    }

    /// <summary>"P=1600_d=40_seed=3_1a2b3c4d": swept and derived values ordered by field name, then the config hash.</summary>
    public static string MakeKey(IEnumerable<KeyValuePair<string, JsonNode?>> values, string hash)
    {
        var parts = values
            .Select(kv => (Name: ShortName(kv.Key), Text: JsonPaths.KeyText(kv.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Text);
        string label = string.Join("_", parts);
        if (label.Length > 120) label = label[..120];
        return label.Length == 0 ? "run_" + hash : label + "_" + hash;
    }

    private static string ShortName(string path)
    {
        string s = path.TrimStart('$').Replace("[", ".").Replace("]", "");
        return JsonPaths.Sanitize(s);
    }
}
