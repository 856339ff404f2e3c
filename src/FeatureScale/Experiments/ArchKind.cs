namespace FeatureScale.Experiments;

/// <summary>The architectures selectable by <c>--arch</c>.</summary>
public enum ArchKind { Fcn, Cnn, Attention }
