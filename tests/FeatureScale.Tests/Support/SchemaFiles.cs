extern alias JsonSchemaNet;

using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;

namespace FeatureScale.Tests.Support;

/// <summary>
/// The JSON Schemas of docs/schemas/, loaded once for every test class (JsonSchema.Net registers each schema under its
/// $id and refuses a second registration), and the checks the schema tests share.
/// </summary>
internal static class SchemaFiles
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(System.IO.Path.Combine(dir.FullName, "docs", "schemas")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("docs/schemas/ not found above the test folder");
    }

    public static string Folder => System.IO.Path.Combine(RepoRoot(), "docs", "schemas");

    /// <summary>docs/schemas/NAME.schema.json.</summary>
    public static string FileOf(string name) => System.IO.Path.Combine(Folder, name + ".schema.json");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Loaded = new();

    public static JsonSchema Schema(string name) => Loaded.GetOrAdd(name, n => new Lazy<JsonSchema>(() =>
        JsonSchema.FromText(File.ReadAllText(FileOf(n))))).Value;

    /// <summary>The schema file as JSON (to read its properties and required lists).</summary>
    public static JsonObject Text(string name) => JsonNode.Parse(File.ReadAllText(FileOf(name)))!.AsObject();

    public static void AssertValid(string schema, JsonNode? node, string what) =>
        AssertValid(Schema(schema), node, what);

    public static void AssertValid(JsonSchema schema, JsonNode? node, string what)
    {
        var r = schema.Evaluate(Element(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (r.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(r.IsValid, $"{what} does not match its schema: {string.Join("; ", errors)}");
    }

    public static bool Valid(string schema, JsonNode? node) => Schema(schema).Evaluate(Element(node)).IsValid;

    private static JsonElement Element(JsonNode? node) =>
        JsonDocument.Parse(node?.ToJsonString() ?? "null").RootElement.Clone();

    public static JsonNode? Read(string path) => JsonNode.Parse(File.ReadAllText(path));
}
