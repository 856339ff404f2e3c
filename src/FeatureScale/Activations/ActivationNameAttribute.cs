namespace FeatureScale.Activations;

/// <summary>
/// Registers an <see cref="Activation"/> subclass (with a parameterless constructor) under its canonical name and
/// aliases, so that <see cref="Activation.Parse"/> and every command accept it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ActivationNameAttribute(string name, params string[] aliases) : Attribute
{
    /// <summary>The canonical name.</summary>
    public string Name { get; } = name;

    /// <summary>Other accepted spellings.</summary>
    public IReadOnlyList<string> Aliases { get; } = aliases;
}
