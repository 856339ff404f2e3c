using System.Text;

namespace FeatureScale.Reporting;

/// <summary>
/// Plain-text math for figure labels (ScottPlot draws one font, no markup): x^{…} and x^k become Unicode
/// superscripts, x_{…} and x_k subscripts, where Unicode has every character (digits, + − = ( ) and some letters;
/// '.' in an exponent becomes '·'). Where it has not (there is no subscript f), the text stays readable:
/// "A_f" is kept as it is and "d^{1.03 ± 0.07}" becomes "d^(1.03 ± 0.07)". "propto" becomes ∝ and "+-" ±.
/// Observable paths are named: "alignment.mean" → "A_f (alignment)".
/// </summary>
public static class MathText
{
    private const string SupFrom = "0123456789+-=()n.ikdN";
    private const string SupTo = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ·ⁱᵏᵈᴺ";
    private const string SubFrom = "0123456789+-=()aeoxhklmnpst";
    private const string SubTo = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ";

    /// <summary>Formats one label.</summary>
    public static string Format(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
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
                if (text[i + 1] == '{')
                {
                    end = text.IndexOf('}', i + 2);
                    if (end < 0) { sb.Append(c); continue; }
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
                string? mapped = c == '^' ? Map(body, SupFrom, SupTo) : Map(body, SubFrom, SubTo);
                if (mapped is not null) sb.Append(mapped);
                else if (c == '^') sb.Append("^(").Append(body).Append(')');
                else sb.Append('_').Append(body);
                i = end;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

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
