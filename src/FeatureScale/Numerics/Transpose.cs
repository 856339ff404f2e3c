namespace FeatureScale.Numerics;

/// <summary>Whether a matrix operand enters a product as stored or transposed.</summary>
public enum Transpose { No, Yes }
