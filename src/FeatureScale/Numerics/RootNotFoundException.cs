namespace FeatureScale.Numerics;

/// <summary>Thrown when a root cannot be bracketed or found.</summary>
public sealed class RootNotFoundException(string message) : InvalidOperationException(message);
