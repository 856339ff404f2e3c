namespace FeatureScale.Sampling;

/// <summary>A Langevin run blew up (NaN, ±∞ or an exploding action). The message names η and a smaller value.</summary>
public sealed class DivergenceException(string message) : Exception(message);
