namespace FeatureScale;

/// <summary>
/// A configuration or input the user gave that FeatureScale cannot use. The CLI prints its message as one line
/// on stderr and exits with code 2.
/// </summary>
public sealed class ConfigException(string message) : ArgumentException(message);
