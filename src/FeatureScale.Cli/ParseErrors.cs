using System.CommandLine;
using System.Text.RegularExpressions;

namespace FeatureScale.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into one line that names the option and what would be valid: type names
/// such as <c>System.Nullable`1[System.Int32]</c> become "an integer", and a misspelt command or option gets a
/// "did you mean" from the names the command accepts (edit distance).
/// </summary>
public static partial class ParseErrors
{
    /// <summary>One line for the parse's errors (the most useful one first: unknown tokens, then the rest).</summary>
    public static string Describe(ParseResult parse)
    {
        var unknown = parse.Errors.Select(e => UnknownToken().Match(e.Message)).FirstOrDefault(m => m.Success);
        if (unknown is not null)
        {
            string token = unknown.Groups[1].Value;
            var command = parse.CommandResult.Command;
            string where = command.Parents.Any() ? $"'{CommandPath(command)}'" : "featurescale";
            string hint = Suggest(token, Candidates(command)) is { } s ? $"; did you mean '{s}'?" : "";
            string what = token.StartsWith('-') ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
            return $"unknown {what} '{token}' for {where}{hint} (see {CommandPath(command)} --help)";
        }
        string message = parse.Errors[0].Message;
        var cannot = CannotParse().Match(message);
        if (cannot.Success)
            return $"{cannot.Groups[2].Value}: '{cannot.Groups[1].Value}' is not {TypeWords(cannot.Groups[3].Value)}";
        if (message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return $"'{CommandPath(parse.CommandResult.Command)}' needs a command: " +
                string.Join(", ", parse.CommandResult.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        return message;
    }

    /// <summary>"featurescale kernel spectrum".</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    private static IEnumerable<string> Candidates(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).Select(o => o.Name))
            .Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive && !o.Hidden).Select(o => o.Name)));

    /// <summary>The closest name by edit distance (case-insensitive), if close enough to be a typo.</summary>
    public static string? Suggest(string token, IEnumerable<string> names)
    {
        string best = ""; int bestDistance = int.MaxValue;
        foreach (var n in names.Distinct())
        {
            int dist = Distance(token.ToLowerInvariant(), n.ToLowerInvariant());
            if (dist < bestDistance) { best = n; bestDistance = dist; }
        }
        int allowed = Math.Max(1, token.TrimStart('-').Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    private static string TypeWords(string type)
    {
        string t = NullableOf().Match(type) is { Success: true } m ? m.Groups[1].Value : type;
        return t switch
        {
            "System.Int32" => "an integer (a whole number from -2147483648 to 2147483647)",
            "System.Int64" => "an integer",
            "System.UInt64" => "a non-negative integer (0 to 18446744073709551615)",
            "System.Double" => "a number",
            "System.Boolean" => "true or false",
            _ => $"a valid value ({t.Replace("System.", "", StringComparison.Ordinal)})",
        };
    }

    [GeneratedRegex(@"^Unrecognized command or argument '(.*)'")]
    private static partial Regex UnknownToken();

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[(.*)\]$")]
    private static partial Regex NullableOf();
}
