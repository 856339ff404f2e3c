using FeatureScale.Analysis;
namespace FeatureScale.Reproductions;

/// <summary>
/// The registry of reproductions, by id: every method marked <see cref="ReproductionAttribute"/> in this assembly,
/// found once by reflection, in their <see cref="ReproductionAttribute.Order"/>.
/// </summary>
public static class ReproductionCatalog
{
    private static readonly List<Reproduction> Entries = Discover();

    private static List<Reproduction> Discover()
    {
        var found = new List<(double Order, Reproduction Entry)>();
        foreach (var type in typeof(ReproductionCatalog).Assembly.GetTypes())
        foreach (var m in type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            if (m.GetCustomAttributes(typeof(ReproductionAttribute), false) is not [ReproductionAttribute attr]) continue;
            if (m.GetParameters() is not [{ ParameterType: var p }] || p != typeof(ReproductionContext))
                throw new InvalidOperationException($"[Reproduction] {type.Name}.{m.Name} must take one ReproductionContext");
            Func<ReproductionContext, ReproductionResult> run = m.ReturnType == typeof(ReproductionResult)
                ? m.CreateDelegate<Func<ReproductionContext, ReproductionResult>>()
                : m.ReturnType == typeof(IReadOnlyList<Verdict>)
                    ? Timed(m.CreateDelegate<Func<ReproductionContext, IReadOnlyList<Verdict>>>())
                    : throw new InvalidOperationException($"[Reproduction] {type.Name}.{m.Name} has return type {m.ReturnType.Name}");
            found.Add((attr.Order, new Reproduction(attr.Id, attr.Title, attr.Needs, run) { HasStandard = attr.Standard }));
        }
        var ids = found.GroupBy(f => f.Entry.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (ids.Count > 0) throw new InvalidOperationException($"reproduction ids registered twice: {string.Join(", ", ids)}");
        return found.OrderBy(f => f.Order).Select(f => f.Entry).ToList();
    }

    /// <summary>The default reproduction (the README's main job): fig2b + fig2c.</summary>
    public const string HeadlineId = "headline";

    private static Func<ReproductionContext, ReproductionResult> Timed(Func<ReproductionContext, IReadOnlyList<Verdict>> run) =>
        ctx =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var v = run(ctx);
            return new ReproductionResult(v, clock.Elapsed.TotalSeconds);
        };

    /// <summary>All reproductions in the paper's order.</summary>
    public static IReadOnlyList<Reproduction> All { get { lock (Entries) return Entries.ToList(); } }

    /// <summary>The reproduction with this id; unknown ids are a <see cref="ConfigException"/>.</summary>
    public static Reproduction Get(string id)
    {
        lock (Entries)
            return Entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigException($"unknown reproduction '{id}' (known: {string.Join(", ", Entries.Select(e => e.Id))})");
    }

    /// <summary>Installs the implementation of a registered id (called by the component that makes it possible).</summary>
    public static void Provide(string id, Func<ReproductionContext, ReproductionResult> run)
    {
        lock (Entries)
        {
            int i = Entries.FindIndex(e => e.Id == id);
            if (i < 0) throw new ArgumentException($"unknown reproduction '{id}'");
            Entries[i] = Entries[i] with { Run = run };
        }
    }
}
