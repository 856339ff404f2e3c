namespace FeatureScale.Theory;

/// <summary>The engine's answer for one problem.</summary>
public sealed record Prediction(
    ProblemSpec Problem, IReadOnlyDictionary<string, Monomial> Substitutions, IReadOnlyList<string> RemainingScales,
    IReadOnlyList<PatternResult> Patterns, IReadOnlyList<string> Winners, Monomial? PStar, IReadOnlyList<PhaseBoundary> Boundaries)
{
    /// <summary>The winning pattern (first of the tied minimal ones), or null when the winner depends on the scales.</summary>
    public string? Winner => Winners.Count > 0 ? Winners[0] : null;
    /// <summary>The winner's result.</summary>
    public PatternResult? WinnerResult => Winner is null ? null : Patterns.First(p => p.Name == Winner);
}
