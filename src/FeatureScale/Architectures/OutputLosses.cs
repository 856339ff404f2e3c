namespace FeatureScale.Architectures;

/// <summary>Names of <see cref="OutputLoss"/>.</summary>
public static class OutputLosses
{
    /// <summary>Parses "mse" or "ce" (aliases "squared", "cross-entropy").</summary>
    public static OutputLoss Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mse" or "squared" or "squared-error" => OutputLoss.SquaredError,
        "ce" or "cross-entropy" or "crossentropy" or "xent" => OutputLoss.CrossEntropy,
        _ => throw new ConfigException($"unknown loss '{name}' (use mse or ce)"),
    };

    /// <summary>"mse" or "ce".</summary>
    public static string Name(OutputLoss l) => l == OutputLoss.SquaredError ? "mse" : "ce";
}
