namespace FeatureScale.Sweeps;

/// <summary>Progress of a sweep folder, as shown by <c>featurescale sweep status</c>.</summary>
public sealed record SweepStatus(string Name, string Executor, int Total, int Done, int Failed, IReadOnlyList<string> InProgress,
    IReadOnlyList<string> Pending);
