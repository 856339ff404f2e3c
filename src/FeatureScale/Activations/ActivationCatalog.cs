using System.Reflection;

namespace FeatureScale.Activations;

/// <summary>
/// The one alias table: every <see cref="Activation"/> subclass marked <see cref="ActivationNameAttribute"/>,
/// found once by reflection, by canonical name and alias (case-insensitive).
/// </summary>
public static class ActivationCatalog
{
    private static readonly Lazy<(Dictionary<string, Func<Activation>> ByName, string[] Names)> Table = new(Build);

    private static (Dictionary<string, Func<Activation>>, string[]) Build()
    {
        var byName = new Dictionary<string, Func<Activation>>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var type in typeof(Activation).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<ActivationNameAttribute>() is not { } attr) continue;
            var ctor = type.GetConstructor(Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor");
            Activation Create() => Builtin(attr.Name) ?? (Activation)ctor.Invoke(null);
            names.Add(attr.Name);
            foreach (var n in attr.Aliases.Prepend(attr.Name))
                if (!byName.TryAdd(n, Create)) throw new InvalidOperationException($"activation name '{n}' is registered twice");
        }
        names.Sort(StringComparer.Ordinal);
        return (byName, names.ToArray());
    }

    // The shared instances of the built-ins (so that a tanh's Mehler cache is shared).
    private static Activation? Builtin(string name) =>
        new[] { Activation.Erf, Activation.Relu, Activation.Tanh, Activation.Linear, Activation.Quadratic, Activation.Square }
            .FirstOrDefault(a => a.Name == name);

    /// <summary>The canonical names, sorted.</summary>
    public static IReadOnlyList<string> Names => Table.Value.Names;

    /// <summary>Every accepted spelling with its canonical name.</summary>
    public static IEnumerable<(string Alias, string Name)> Aliases =>
        Table.Value.ByName.Select(kv => (kv.Key, kv.Value().Name)).OrderBy(p => p.Item2, StringComparer.Ordinal);

    /// <summary>Parses a name or alias; throws <see cref="ConfigException"/> naming the valid ones.</summary>
    public static Activation Parse(string name) =>
        Table.Value.ByName.TryGetValue(name.Trim(), out var create) ? create()
            : throw new ConfigException($"unknown activation '{name}' (use {string.Join(", ", Describe())})");

    private static IEnumerable<string> Describe() =>
        Table.Value.Names.Select(n =>
        {
            var extra = Table.Value.ByName.Where(kv => kv.Value().Name == n && !kv.Key.Equals(n, StringComparison.OrdinalIgnoreCase))
                .Select(kv => kv.Key).Where(a => a.Contains('x')).Take(1).ToList();
            return extra.Count > 0 ? $"{n} = {extra[0]}" : n;
        });
}
