namespace FeatureScale.Experiments;

/// <summary>The tasks selectable by <c>--task</c>.</summary>
public enum TaskKind { Hermite, Parity, ModAdd, AttentionCubic }
