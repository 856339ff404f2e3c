namespace FeatureScale.Reporting;

/// <summary>One run of a parsed label: its text (the raw body for a script) and where it sits.</summary>
public readonly record struct MathRun(string Text, MathScript Script);
