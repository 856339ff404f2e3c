namespace FeatureScale.Reproductions;

/// <summary>
/// One reproducible figure or table of arXiv 2512.04165 (ids grok-* : arXiv 2310.03789). <see cref="Run"/> is null until the model and theory it
/// needs exist in this build; <see cref="Needs"/> says what that is.
/// </summary>
/// <param name="Id">e.g. "fig2b".</param>
/// <param name="Title">What the figure shows.</param>
/// <param name="Needs">The components (issues) it needs, e.g. "the Langevin trainer (issue 3)".</param>
/// <param name="Run">The implementation, or null when not available in this build.</param>
public sealed record Reproduction(string Id, string Title, IReadOnlyList<string> Needs, Func<ReproductionContext, ReproductionResult>? Run)
{
    /// <summary>Whether it has sizes for <see cref="ReproductionMode.Standard"/>.</summary>
    public bool HasStandard { get; init; }

    /// <summary>Refuses a mode it has no sizes for (throws <see cref="ConfigException"/>).</summary>
    public void CheckMode(ReproductionMode mode)
    {
        if (mode == ReproductionMode.Standard && !HasStandard)
            throw new ConfigException($"{Id} has no --standard sizes yet; use --quick or --full (--standard: " +
                string.Join(", ", ReproductionCatalog.All.Where(r => r.HasStandard).Select(r => r.Id)) + ")");
    }

    /// <summary>Whether this build can run it.</summary>
    public bool Available => Run is not null;

    /// <summary>"fig2b: needs the Langevin trainer (issue 3), …; not yet in this build".</summary>
    public string UnavailableMessage => $"{Id}: needs {string.Join(" and ", Needs)}; not yet in this build";
}
