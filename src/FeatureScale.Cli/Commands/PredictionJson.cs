using System.Globalization;
using FeatureScale.Reporting;
using FeatureScale.Theory;
using Spectre.Console;

namespace FeatureScale.Cli.Commands;

/// <summary>The JSON contract of <c>predict --json</c> (README "Theory").</summary>
public static class PredictionJson
{
    public static Dictionary<string, object?> Build(Prediction p, PhaseDiagramResult? diagram)
    {
        var patterns = new List<Dictionary<string, object?>>();
        foreach (var r in p.Patterns)
        {
            var d = new Dictionary<string, object?>
            {
                ["name"] = r.Name,
                ["layers"] = r.Layers,
                ["expression"] = r.EnergyExpression,
                ["terms"] = r.Terms.Select(t => new Dictionary<string, object?> { ["label"] = t.Label, ["monomial"] = t.Term.ToJson() }).ToList(),
                ["unbounded"] = r.Minimum.Unbounded,
                ["energy"] = r.Minimum.Energy?.ToJson() ?? r.Minimum.EnergyTerms.FirstOrDefault()?.ToJson(),
                ["energy_text"] = string.Join(" v ", r.Minimum.EnergyTerms.Select(e => e.ToString())),
                ["energy_exact"] = r.Minimum.Energy?.ToExactJson(),
                ["minimizers"] = (r.Minimum.Minimizers ?? new Dictionary<string, Monomial>()).ToDictionary(kv => kv.Key, kv => kv.Value.ToJson()),
                ["order_parameters"] = r.Parameters.Select(q => new Dictionary<string, object?> { ["name"] = q.Name, ["kind"] = LayerPattern.KindName(q.Kind), ["layer"] = q.Layer, ["feature"] = q.Feature, ["meaning"] = q.Meaning }).ToList(),
            };
            if (r.Minimum.EnergyTerms.Count > 1) d["energy_max_of"] = r.Minimum.EnergyTerms.Select(e => e.ToJson()).ToList();
            if (p.Substitutions.Count > 0)
            {
                d["energy_reduced"] = r.Reduced.Energy?.ToJson() ?? r.Reduced.EnergyTerms.FirstOrDefault()?.ToJson();
                d["energy_reduced_text"] = string.Join(" v ", r.Reduced.EnergyTerms.Select(e => e.ToString()));
                d["minimizers_reduced"] = (r.Reduced.Minimizers ?? new Dictionary<string, Monomial>()).ToDictionary(kv => kv.Key, kv => kv.Value.ToJson());
            }
            d["valid_when"] = r.Valid.Select(v => new Dictionary<string, object?> { ["condition"] = v.Condition, ["monomial_at_least_one"] = v.MustBeAtLeastOne.ToJson() }).ToList();
            patterns.Add(d);
        }
        var doc = new Dictionary<string, object?>
        {
            ["problem"] = p.Problem.Name,
            ["scales"] = p.Problem.Scales,
            ["set"] = p.Substitutions.ToDictionary(kv => kv.Key, kv => kv.Value.ToJson()),
            ["remaining_scales"] = p.RemainingScales,
            ["patterns"] = patterns,
            ["winner"] = p.Winner,
            ["winners"] = p.Winners,
            ["pstar"] = p.PStar?.ToJson(),
            ["pstar_text"] = p.PStar?.ToString(),
            ["order_parameters"] = p.WinnerResult?.Reduced.Minimizers?.ToDictionary(kv => kv.Key, kv => kv.Value.ToJson()),
            ["boundaries"] = p.Boundaries.Select(b => new Dictionary<string, object?>
            {
                ["between"] = new[] { b.A, b.B }, ["variable"] = b.Variable, ["at"] = b.Boundary.ToJson(), ["text"] = b.ToString(),
                ["below"] = b.AWinsBelow ? b.A : b.B, ["above"] = b.AWinsBelow ? b.B : b.A,
            }).ToList(),
        };
        if (diagram is not null)
            doc["phase_diagram"] = new Dictionary<string, object?>
            {
                ["varied"] = diagram.Varied,
                ["constrained"] = diagram.Constrained,
                ["gamma_from"] = diagram.Points[0].Gamma,
                ["gamma_to"] = diagram.Points[^1].Gamma,
                ["start"] = diagram.Points[0].Winner,
                ["boundaries"] = diagram.Boundaries.Select(b => new Dictionary<string, object?> { ["gamma"] = Math.Round(b.Gamma, 6), ["exact"] = b.Exact, ["below"] = b.Below, ["above"] = b.Above }).ToList(),
            };
        return doc;
    }

    public static CsvTable DiagramCsv(PhaseDiagramResult d)
    {
        var cols = new List<string> { "gamma", "winner", "tied", "pstar_exponent" };
        cols.AddRange(d.Patterns.Select(p => $"energy_exponent[{p}]"));
        cols.Add("order_parameters");
        var t = new CsvTable(cols.ToArray());
        foreach (var pt in d.Points)
        {
            var row = new List<object?> { pt.Gamma, pt.Winner, string.Join(";", pt.Tied), pt.Exponents[pt.Winner] };
            row.AddRange(d.Patterns.Select(p => (object?)pt.Exponents[p]));
            row.Add(string.Join(";", pt.OrderParameters.Select(kv => $"{kv.Key}=d^{kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}")));
            t.Add(row.ToArray());
        }
        return t;
    }
}
