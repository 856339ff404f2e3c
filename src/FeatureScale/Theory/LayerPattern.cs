namespace FeatureScale.Theory;

/// <summary>Parsing of per-layer pattern strings "GP", "GFL(lin)", "M-Sp(lin)", "Mag(he3)", "mu-Sp(lin)".</summary>
public static class LayerPattern
{
    /// <summary>Parses a kind name.</summary>
    public static PatternKind ParseKind(string s) => s.Trim().ToLowerInvariant() switch
    {
        "gp" or "lazy" => PatternKind.GP,
        "gfl" => PatternKind.GFL,
        "m-sp" or "msp" or "sp" or "m-sp." or "sp." => PatternKind.MSp,
        "mag" or "mag." or "magnetisation" or "magnetization" => PatternKind.Mag,
        "mu-sp" or "μ-sp" or "musp" => PatternKind.MuSp,
        _ => throw new ConfigException($"unknown pattern kind '{s}': use GP, GFL, M-Sp, Mag or mu-Sp"),
    };

    /// <summary>Display name of a kind.</summary>
    public static string KindName(PatternKind k) => k switch
    {
        PatternKind.GP => "GP", PatternKind.GFL => "GFL", PatternKind.MSp => "M-Sp", PatternKind.Mag => "Mag", _ => "mu-Sp",
    };

    /// <summary>"M-Sp(lin)" → (MSp, "lin"); "GP" → (GP, null).</summary>
    public static (PatternKind Kind, string? Feature) Parse(string s)
    {
        s = s.Trim();
        int open = s.IndexOf('(');
        if (open < 0)
        {
            var k = ParseKind(s);
            if (k != PatternKind.GP) throw new ConfigException($"pattern '{s}' needs a feature, e.g. {KindName(k)}(lin)");
            return (k, null);
        }
        if (!s.EndsWith(')')) throw new ConfigException($"cannot read the pattern '{s}'");
        var kind = ParseKind(s[..open]);
        string f = s[(open + 1)..^1].Trim();
        if (kind == PatternKind.GP) throw new ConfigException("GP takes no feature");
        return (kind, f);
    }
}
