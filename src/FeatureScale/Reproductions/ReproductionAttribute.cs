namespace FeatureScale.Reproductions;

/// <summary>
/// Registers a reproduction: put it on a public static method taking a <see cref="ReproductionContext"/> and
/// returning a <see cref="ReproductionResult"/> (or its verdict list, then timed here). Adding a figure is one file:
/// the method with this attribute. <see cref="Order"/> sets the place in listings (the paper's order).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ReproductionAttribute(string id, string title, double order, params string[] needs) : Attribute
{
    /// <summary>e.g. "fig2b".</summary>
    public string Id { get; } = id;
    /// <summary>What the figure shows.</summary>
    public string Title { get; } = title;
    /// <summary>Place in listings.</summary>
    public double Order { get; } = order;
    /// <summary>The components it needs (for listings).</summary>
    public IReadOnlyList<string> Needs { get; } = needs;
    /// <summary>Whether it has sizes for <see cref="ReproductionMode.Standard"/>.</summary>
    public bool Standard { get; init; }
}
