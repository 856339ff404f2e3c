using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FeatureScale.Cli;

/// <summary>
/// Checks that apply to every command after parsing and before any work: numbers must be finite (NaN and ±Inf are
/// refused for every numeric option), and an option must not be given both under its name and its old spelling.
/// </summary>
public static class InputChecks
{
    /// <summary>The first problem as one line, or null.</summary>
    public static string? FirstProblem(ParseResult parse)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (SymbolResult? r = parse.CommandResult; r is not null; r = r.Parent)
        {
            if (r is not CommandResult cr) continue;
            foreach (var o in cr.Children.OfType<OptionResult>())
            {
                if (o.Implicit) continue;
                var type = Nullable.GetUnderlyingType(o.Option.ValueType) ?? o.Option.ValueType;
                if (type == typeof(double))
                    foreach (var t in o.Tokens)
                        if (double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsFinite(v))
                            return $"{o.Option.Name} must be a finite number (got {t.Value})";
                string canonical = Spelling.CanonicalOf(o.Option);
                if (seen.TryGetValue(canonical, out var other) && other != o.Option.Name)
                    return $"{canonical} is given twice (as {other} and {o.Option.Name}); give it once";
                seen[canonical] = o.Option.Name;
            }
        }
        return null;
    }
}
