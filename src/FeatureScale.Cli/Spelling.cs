using System.CommandLine;

namespace FeatureScale.Cli;

/// <summary>
/// One spelling per quantity (docs/cli.md): an option's old spellings stay accepted as hidden options (not shown by
/// --help) so that existing scripts keep working; <see cref="Get{T}"/> reads whichever was given.
/// </summary>
public static class Spelling
{
    private const string Prefix = "old spelling of ";

    /// <summary>A hidden option named oldName that stands for canonical (same type; its rules are added by the caller).</summary>
    public static Option<T> OldSpelling<T>(this Option<T> canonical, string oldName) =>
        new(oldName) { Hidden = true, Description = Prefix + canonical.Name };

    /// <summary>Adds canonical and its old spellings to cmd and returns the old ones.</summary>
    public static Option<T>[] AddWithOldSpellings<T>(this Command cmd, Option<T> canonical, params string[] oldNames)
    {
        cmd.Options.Add(canonical);
        var old = oldNames.Select(canonical.OldSpelling).ToArray();
        foreach (var o in old)
        {
            foreach (var v in canonical.Validators) o.Validators.Add(v);
            cmd.Options.Add(o);
        }
        return old;
    }

    /// <summary>The canonical name an option stands for (its own name unless it is an old spelling).</summary>
    public static string CanonicalOf(Option option) =>
        option.Hidden && option.Description?.StartsWith(Prefix, StringComparison.Ordinal) == true ? option.Description[Prefix.Length..] : option.Name;

    /// <summary>The value given under the canonical name or an old spelling (the canonical's default otherwise).</summary>
    public static T? Get<T>(this ParseResult pr, Option<T> canonical, params Option<T>[] old)
    {
        foreach (var o in old)
            if (pr.GetResult(o) is { Implicit: false }) return pr.GetValue(o);
        return pr.GetValue(canonical);
    }
}
