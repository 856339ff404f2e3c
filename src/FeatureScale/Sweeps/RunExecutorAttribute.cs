namespace FeatureScale.Sweeps;

/// <summary>
/// Marks a sweep executor so that <see cref="RunExecutors"/> finds it by name: the type either implements
/// <see cref="IRunExecutor"/> with a parameterless constructor, or has a static <c>Create()</c> returning one.
/// Experiments register themselves this way, so the sweep layer never refers to them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RunExecutorAttribute(string name) : Attribute
{
    /// <summary>The name used in sweep specs' "executor" field.</summary>
    public string Name { get; } = name;
}
