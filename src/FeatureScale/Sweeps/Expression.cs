using System.Globalization;

namespace FeatureScale.Sweeps;

/// <summary>
/// The tiny expression language of "derive": numbers, field paths and $variables, combined with * and /, optionally
/// wrapped in round(...) to give an integer, e.g. "round($alpha*d)" or "d*d/4".
/// </summary>
public static class Expression
{
    /// <summary>Evaluates expr; names are resolved by lookup.</summary>
    public static double Evaluate(string expr, Func<string, double> lookup)
    {
        string e = expr.Trim();
        bool round = false;
        if (e.StartsWith("round(", StringComparison.Ordinal) && e.EndsWith(')')) { round = true; e = e[6..^1]; }
        if (e.Length == 0) throw new ConfigException($"empty expression '{expr}'");
        double acc = 1;
        char op = '*';
        int start = 0;
        for (int i = 0; i <= e.Length; i++)
        {
            if (i < e.Length && e[i] != '*' && e[i] != '/') continue;
            string term = e[start..i].Trim();
            if (term.Length == 0) throw new ConfigException($"bad expression '{expr}'");
            double v = double.TryParse(term, NumberStyles.Float, CultureInfo.InvariantCulture, out double num) ? num : lookup(term);
            acc = op == '*' ? acc * v : acc / v;
            if (i < e.Length) op = e[i];
            start = i + 1;
        }
        return round ? Math.Round(acc, MidpointRounding.AwayFromZero) : acc;
    }
}
