using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace FeatureScale.Cli;

/// <summary>
/// Range rules attached to options (System.CommandLine validators): a value outside the range is a parse error,
/// reported as one line naming the option and the valid range before any work starts.
/// </summary>
public static class OptionRules
{
    /// <summary>Value must be ≥ min.</summary>
    public static T AtLeast<T>(this T option, double min) where T : Option =>
        option.Within(min, double.PositiveInfinity);

    /// <summary>Value must be &gt; 0.</summary>
    public static T Positive<T>(this T option) where T : Option
    {
        option.Validators.Add(r => Check(r, option.Name, v => v > 0, "must be positive"));
        return option;
    }

    /// <summary>Value must lie in [min, max].</summary>
    public static T Within<T>(this T option, double min, double max) where T : Option
    {
        string range = double.IsPositiveInfinity(max) ? $"must be ≥ {F(min)}" : $"must be in {F(min)}..{F(max)}";
        option.Validators.Add(r => Check(r, option.Name, v => v >= min && v <= max, range));
        return option;
    }

    private static void Check(OptionResult r, string name, Func<double, bool> ok, string rule)
    {
        foreach (var t in r.Tokens)
            if (double.TryParse(t.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && !ok(v))
            {
                r.AddError($"{name} {rule} (got {t.Value})");
                return;
            }
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
