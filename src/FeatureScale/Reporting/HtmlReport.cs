using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace FeatureScale.Reporting;

/// <summary>
/// One self-contained HTML page for a result folder: a study (a sweep folder with analysis/) or a set of
/// reproductions (one sub-folder each). Every section shows, in this order, its verdict lines (coloured: agrees,
/// disagrees, inconclusive; a ✓ only on an agreeing one), its figures (PNG embedded as base64, nothing fetched from
/// anywhere), its CSV tables (small ones open, wide or long ones collapsed and scrolling inside a box), then,
/// collapsed, its config (printed once: the sweep spec of a study, else the manifest's config) and the environment
/// from its manifest.json. The page fits a 1400-px window.
/// A script in the page counts the figures the browser really drew (decoded, non-zero size, last pixel row opaque, i.e.
/// not truncated, and at least three colours, i.e. not blank) and writes the count, the page's scroll width and the
/// number of script or load errors into <c>&lt;div id="render-check" data-total=".." data-ok=".."
/// data-page-width=".." data-errors=".."&gt;</c> (used by the browser test).
/// </summary>
public static class HtmlReport
{
    /// <summary>File name of the report inside the folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Rows of a CSV shown in the page before it is cut.</summary>
    public const int MaxTableRows = 40;

    /// <summary>Tables with at most this many rows and columns are shown open; larger ones start collapsed.</summary>
    public const int OpenTableRows = 12, OpenTableColumns = 10;

    private static readonly string[] SkipDirs = ["runs", "failures"];

    /// <summary>Writes DIR/report.html and returns its path.</summary>
    public static string Write(string dir, string? title = null)
    {
        var root = Path.GetFullPath(dir);
        if (!Directory.Exists(root)) throw new ConfigException($"report: folder '{dir}' does not exist");
        var sections = new List<string>();
        if (HasContent(root)) sections.Add(Section(root, root));
        foreach (var sub in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            if (SkipDirs.Contains(name) || name.StartsWith('.') || name == "analysis") continue;
            if (HasContent(sub)) sections.Add(Section(sub, root));
        }
        if (sections.Count == 0) throw new ConfigException($"report: '{dir}' holds no results (no manifest.json, verdicts.json or figures)");
        title ??= "FeatureScale report: " + Path.GetFileName(root);
        var html = Page(title, sections);
        var path = Path.Combine(root, FileName);
        AtomicFile.WriteAllText(path, html);
        return path;
    }

    private static bool HasContent(string d) =>
        File.Exists(Path.Combine(d, Manifest.FileName)) || File.Exists(Path.Combine(d, "verdicts.json")) ||
        Directory.Exists(Path.Combine(d, "analysis")) || Directory.GetFiles(d, "*.png").Length > 0;

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>A verdict line as HTML with its scripts (A_f, d^1.06) as &lt;sub&gt;/&lt;sup&gt;, every run escaped.</summary>
    internal static string MathHtml(string text) => string.Concat(MathText.Parse(text).Select(r => r.Script switch
    {
        MathScript.Sub => $"<sub>{H(r.Text)}</sub>",
        MathScript.Super => $"<sup>{H(r.Text)}</sup>",
        _ => H(r.Text),
    }));

    private static string Section(string d, string root)
    {
        var sb = new StringBuilder();
        var folders = new[] { d, Path.Combine(d, "analysis") }.Where(Directory.Exists).ToList();
        JsonObject? manifest = ReadJson(Path.Combine(d, Manifest.FileName)) as JsonObject;
        JsonObject? sweep = ReadJson(Path.Combine(d, "sweep.json")) as JsonObject;
        string name = sweep?["spec"]?["name"]?.GetValue<string>() ?? (d == root ? Path.GetFileName(d) : Path.GetRelativePath(root, d));
        sb.Append("<section>\n<h2>").Append(H(name)).Append("</h2>\n");
        if (sweep?["spec"]?["description"] is JsonValue dv && dv.TryGetValue(out string? desc)) sb.Append("<p>").Append(H(desc)).Append("</p>\n");

        var verdicts = folders.Select(f => ReadJson(Path.Combine(f, "verdicts.json"))).OfType<JsonArray>().SelectMany(a => a).ToList();
        if (verdicts.Count > 0)
        {
            sb.Append("<ul class=\"verdicts\">\n");
            foreach (var v in verdicts)
            {
                string text = v?["text"]?.GetValue<string>() ?? v?.ToJsonString() ?? "";
                bool? agrees = v?["agrees_with_paper"] is JsonValue av && av.TryGetValue(out bool ab) ? ab : null;
                string tag = v?["status"] is JsonValue sv && sv.TryGetValue(out string? s) && s is not null ? s
                    : agrees switch { true => "agrees", false => "disagrees", _ => "inconclusive" };
                string cls = tag switch
                {
                    "agrees" => "agree", "disagrees" => "disagree", "information" => "info", _ => "neutral",
                };
                sb.Append("<li class=\"").Append(cls).Append("\"><span class=\"tag\">").Append(tag).Append("</span> ")
                  .Append(MathHtml(text)).Append("</li>\n");
            }
            sb.Append("</ul>\n");
        }
        if (sweep?["runs"] is JsonArray runs)
        {
            int done = runs.Count(r => File.Exists(Path.Combine(d, "runs", r?["key"]?.GetValue<string>() ?? "?", "result.json")));
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"status\">runs finished: {done} of {runs.Count}</p>\n");
        }

        foreach (var f in folders)
            foreach (var png in Directory.GetFiles(f, "*.png").Order(StringComparer.Ordinal))
            {
                var b64 = Convert.ToBase64String(File.ReadAllBytes(png));
                var rel = Path.GetRelativePath(root, png);
                sb.Append("<figure><img alt=\"").Append(H(rel)).Append("\" src=\"data:image/png;base64,").Append(b64)
                  .Append("\"><figcaption>").Append(H(rel))
                  .Append(File.Exists(Path.ChangeExtension(png, ".svg")) ? " (SVG beside it)" : "").Append("</figcaption></figure>\n");
            }

        // small tables (the theory-vs-experiment ones) open; wide or long ones (results.csv) collapsed
        var tables = folders.SelectMany(f => Directory.GetFiles(f, "*.csv").Order(StringComparer.Ordinal)).ToList();
        foreach (var csv in tables) sb.Append(Table(csv, Path.GetRelativePath(root, csv)));

        // the config once: the sweep spec of a study, else the manifest's config
        var config = sweep?["spec"] ?? manifest?["config"];
        if (config is not null)
            sb.Append("<details><summary>").Append(sweep?["spec"] is null ? "config" : "sweep spec (config)")
              .Append("</summary><pre>").Append(H(config.ToJsonString(Json.Options))).Append("</pre></details>\n");
        if (manifest is not null)
        {
            sb.Append("<details><summary>environment</summary><div class=\"scroll\"><table class=\"env\">");
            foreach (var key in new[] { "command", "started_utc", "wall_seconds", "seed" })
                if (manifest[key] is { } v) sb.Append("<tr><th>").Append(H(key)).Append("</th><td>").Append(H(Scalar(v))).Append("</td></tr>");
            if (manifest["environment"] is JsonObject env)
                foreach (var (k, v) in env) sb.Append("<tr><th>").Append(H(k)).Append("</th><td>").Append(H(Scalar(v))).Append("</td></tr>");
            sb.Append("</table></div></details>\n");
        }
        sb.Append("</section>\n");
        return sb.ToString();
    }

    private static string Scalar(JsonNode? v) => v is JsonValue jv && jv.TryGetValue(out string? s) ? s : v?.ToJsonString() ?? "";

    private static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonNode.Parse(File.ReadAllText(path)); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static string Table(string path, string label)
    {
        var (cols, rows) = CsvTable.Read(path);
        var sb = new StringBuilder();
        bool open = rows.Count <= OpenTableRows && cols.Length <= OpenTableColumns;
        sb.Append("<details").Append(open ? " open" : "").Append("><summary>").Append(H(label))
          .Append(CultureInfo.InvariantCulture, $" ({rows.Count} rows × {cols.Length} columns)</summary>")
          .Append("<div class=\"scroll\"><table><tr>");
        foreach (var c in cols) sb.Append("<th>").Append(H(c)).Append("</th>");
        sb.Append("</tr>\n");
        foreach (var r in rows.Take(MaxTableRows))
        {
            sb.Append("<tr>");
            foreach (var cell in r) sb.Append("<td>").Append(H(ShortNumber(cell))).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</table></div>");
        if (rows.Count > MaxTableRows) sb.Append(CultureInfo.InvariantCulture, $"<p>… {rows.Count - MaxTableRows} more rows in {H(label)}</p>");
        sb.Append("</details>\n");
        return sb.ToString();
    }

    private static string ShortNumber(string cell) =>
        cell.Length > 8 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !cell.Contains('_')
            ? v.ToString("G5", CultureInfo.InvariantCulture) : cell;

    private static string Page(string title, List<string> sections) => $$"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{H(title)}}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1340px; margin: 1em auto; padding: 0 1em; color: #222;
       box-sizing: border-box; }
section { border-top: 1px solid #ccc; margin-top: 1.5em; }
ul.verdicts { list-style: none; padding-left: 0; }
ul.verdicts li { font-family: ui-monospace, monospace; margin: .3em 0; padding: .2em .5em; border-left: 5px solid #999;
                 overflow-wrap: anywhere; }
ul.verdicts li.agree { border-color: #2a8a2a; background: #eef8ee; }
ul.verdicts li.disagree { border-color: #b00; background: #fbeeee; }
ul.verdicts li.neutral { border-color: #c90; background: #fdf8e8; }
ul.verdicts li.info { border-color: #999; background: #f6f6f6; }
span.tag { font-weight: bold; }
li.agree span.tag { color: #2a8a2a; } li.agree span.tag::before { content: "✓ "; }
li.disagree span.tag { color: #b00; } li.disagree span.tag::before { content: "✗ "; }
li.neutral span.tag { color: #8a6a00; }
figure { display: inline-block; margin: .5em; max-width: 100%; vertical-align: top; }
img { width: 620px; max-width: 100%; height: auto; border: 1px solid #ddd; }
div.scroll { max-width: 100%; overflow-x: auto; max-height: 32em; overflow-y: auto; }
table { border-collapse: collapse; font-size: 85%; margin: .5em 0; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; white-space: nowrap; }
pre { background: #f6f6f6; padding: .5em; overflow-x: auto; max-width: 100%; }
#render-check { color: #666; font-size: 85%; }
</style>
</head>
<body>
<h1>{{H(title)}}</h1>
<p>FeatureScale {{H(LibraryInfo.Version)}} · written {{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}}</p>
<div id="render-check" data-total="-1" data-ok="-1">figures not checked yet</div>
{{string.Concat(sections)}}
<script>
var featurescaleErrors = 0;
window.addEventListener('error', function () { featurescaleErrors++; }, true);
function figureRendered(im) {
  if (!im.complete || im.naturalWidth === 0) return false;
  var w = im.naturalWidth, h = im.naturalHeight, c = document.createElement('canvas');
  c.width = w; c.height = h;
  var g = c.getContext('2d'); g.drawImage(im, 0, 0);
  var last = g.getImageData(0, h - 1, w, 1).data;
  for (var i = 3; i < last.length; i += 4) if (last[i] === 0) return false;
  var all = g.getImageData(0, 0, w, h).data, colours = {}, n = 0;
  for (var k = 0; k < all.length && n < 3; k += 4 * 97) { var key = all[k] + ',' + all[k + 1] + ',' + all[k + 2]; if (!colours[key]) { colours[key] = 1; n++; } }
  return n >= 3;
}
function featurescaleCheckFigures() {
  var imgs = document.images, ok = 0;
  for (var i = 0; i < imgs.length; i++) { try { if (figureRendered(imgs[i])) ok++; } catch (e) { } }
  var d = document.getElementById('render-check');
  d.setAttribute('data-total', imgs.length);
  d.setAttribute('data-ok', ok);
  d.setAttribute('data-page-width', document.documentElement.scrollWidth);
  d.setAttribute('data-window-width', window.innerWidth);
  d.setAttribute('data-errors', featurescaleErrors);
  d.textContent = 'figures rendered: ' + ok + ' of ' + imgs.length;
}
window.addEventListener('load', featurescaleCheckFigures);
</script>
</body>
</html>
""";
}
