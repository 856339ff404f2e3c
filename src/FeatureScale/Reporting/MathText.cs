using System.Text;

namespace FeatureScale.Reporting;

/// <summary>
/// Plain-text math for figure labels (ScottPlot draws one font, no markup): x^{…} and x^k become Unicode
/// superscripts, x_{…} and x_k subscripts, where Unicode has every character (digits, + − = ( ) and some letters;
/// '.' in an exponent becomes '·'). Where it has not (there is no subscript f), the text stays readable:
/// "A_f" is kept as it is and "d^{1.03 ± 0.07}" becomes "d^(1.03 ± 0.07)" — in plain text; the figures draw such
/// labels as lowered and raised runs (<see cref="Parse"/>, <see cref="RichLabels"/>). "propto" becomes ∝, "+-" ±.
/// Observable paths are named: "alignment.mean" → "A_f (alignment)".
/// </summary>
public static class MathText
{
    private const string SupFrom = "0123456789+-=()n.ikdN";
    private const string SupTo = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ·ⁱᵏᵈᴺ";
    private const string SubFrom = "0123456789+-=()aeoxhklmnpst";
    private const string SubTo = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ";

    /// <summary>Formats one label as plain text (Unicode scripts where they exist, readable fallbacks
    /// elsewhere).</summary>
    public static string Format(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var sb = new StringBuilder(text.Length);
        foreach (var run in Parse(text))
        {
            if (run.Script == MathScript.Normal) { sb.Append(run.Text); continue; }
            string? mapped = Unicode(run);
            if (mapped is not null) sb.Append(mapped);
            else if (run.Script == MathScript.Super) sb.Append("^(").Append(run.Text).Append(')');
            else sb.Append('_').Append(run.Text);
        }
        return sb.ToString();
    }

    /// <summary>Whether <see cref="Format"/> shows every script of the label as a script (Unicode has all its
    /// characters); when not, the figures draw the label's runs themselves (<see cref="Parse"/>).</summary>
    public static bool IsPlain(string text) =>
        string.IsNullOrEmpty(text) || Parse(text).All(r => r.Script == MathScript.Normal || Unicode(r) is not null);

    /// <summary>
    /// Splits a label into runs on the baseline, lowered and raised, with the same rules as <see cref="Format"/>:
    /// "A_f vs P^{1.03 ± 0.07}" → "A", sub "f", " vs P", super "1.03 ± 0.07".
    /// </summary>
    public static IReadOnlyList<MathRun> Parse(string text)
    {
        var runs = new List<MathRun>();
        if (string.IsNullOrEmpty(text)) return runs;
        text = text.Replace("alignment.mean", "A_f (alignment)", StringComparison.Ordinal)
                   .Replace("propto", "∝", StringComparison.Ordinal).Replace("+-", "±", StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool after = i > 0 && (char.IsLetterOrDigit(text[i - 1]) || text[i - 1] == ')');
            if ((c == '^' || c == '_') && i + 1 < text.Length && after)
            {
                string body;
                int end;
                if (text[i + 1] == '{' || (c == '^' && text[i + 1] == '('))
                {
                    // x^{…}, and x^(…) as verdict lines write an exponent with its interval: (N/d)^(0.49 ± 0.07)
                    end = text.IndexOf(text[i + 1] == '{' ? '}' : ')', i + 2);
                    if (end < 0 || (text[i + 1] == '(' && text.IndexOf('(', i + 2, end - i - 2) >= 0))
                    { sb.Append(c); continue; }
                    body = text[(i + 2)..end];
                }
                else
                {
                    end = i + 1;
                    while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.' ||
                           (end == i + 1 && text[end] == '-')))
                        end++;
                    if (end == i + 1)
                    {
                        // one letter, and only when a word does not go on (test_points is no subscript)
                        if (i + 2 < text.Length && char.IsLetterOrDigit(text[i + 2])) { sb.Append(c); continue; }
                        end = i + 2;
                    }
                    if (text[end - 1] == '.') end--; // a sentence's full stop is not part of the exponent
                    body = text[(i + 1)..end];
                    end--;
                }
                if (body.Length == 0) { sb.Append(c); continue; }
                if (sb.Length > 0) { runs.Add(new MathRun(sb.ToString(), MathScript.Normal)); sb.Clear(); }
                runs.Add(new MathRun(body, c == '^' ? MathScript.Super : MathScript.Sub));
                i = end;
                continue;
            }
            sb.Append(c);
        }
        if (sb.Length > 0) runs.Add(new MathRun(sb.ToString(), MathScript.Normal));
        return runs;
    }

    private static string? Unicode(MathRun run) =>
        run.Script == MathScript.Super ? Map(run.Text, SupFrom, SupTo) : Map(run.Text, SubFrom, SubTo);

    private static string? Map(string body, string from, string to)
    {
        if (body.Length == 0) return null;
        var sb = new StringBuilder(body.Length);
        foreach (char ch in body.Replace("−", "-", StringComparison.Ordinal))
        {
            int k = from.IndexOf(ch, StringComparison.Ordinal);
            if (k < 0) return null;
            sb.Append(to[k]);
        }
        return sb.ToString();
    }
}
