using System.Text.Json.Nodes;

namespace FeatureScale.Sweeps;

/// <summary>Executors by name, as referenced by a sweep spec's "executor" field.</summary>
public static class RunExecutors
{
    private static readonly Dictionary<string, Func<IRunExecutor>> Factories = Discover();

    private static Dictionary<string, Func<IRunExecutor>> Discover()
    {
        var found = new Dictionary<string, Func<IRunExecutor>>(StringComparer.Ordinal);
        foreach (var type in typeof(RunExecutors).Assembly.GetTypes())
        {
            if (type.GetCustomAttributes(typeof(RunExecutorAttribute), false) is not [RunExecutorAttribute attr]) continue;
            var create = type.GetMethod("Create", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, Type.EmptyTypes);
            if (create is not null && typeof(IRunExecutor).IsAssignableFrom(create.ReturnType))
                found.Add(attr.Name, () => (IRunExecutor)create.Invoke(null, null)!);
            else if (typeof(IRunExecutor).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
                found.Add(attr.Name, () => (IRunExecutor)Activator.CreateInstance(type)!);
            else
                throw new InvalidOperationException($"{type.FullName} is marked [RunExecutor] but has neither Create() nor a parameterless IRunExecutor constructor");
        }
        return found;
    }

    /// <summary>Registers (or replaces) an executor factory, e.g. <c>Register("train", () => new TrainExecutor())</c>.</summary>
    public static void Register(string name, Func<IRunExecutor> factory)
    {
        lock (Factories) Factories[name] = factory;
    }

    /// <summary>The registered names.</summary>
    public static IReadOnlyList<string> Names { get { lock (Factories) return Factories.Keys.Order(StringComparer.Ordinal).ToList(); } }

    /// <summary>A new executor by name; unknown names are a <see cref="ConfigException"/>.</summary>
    public static IRunExecutor Create(string name)
    {
        lock (Factories)
            return Factories.TryGetValue(name, out var f) ? f()
                : throw new ConfigException($"unknown executor '{name}' (available in this build: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))})");
    }

    /// <summary>The config as executor <paramref name="name"/> keys and runs it (<see cref="IRunExecutor.Canonical"/>);
    /// unchanged for a name not registered (the spec's run check reports that).</summary>
    public static JsonObject Canonical(string name, JsonObject config)
    {
        Func<IRunExecutor>? f;
        lock (Factories) Factories.TryGetValue(name, out f);
        return f is null ? config : f().Canonical(config);
    }
}
