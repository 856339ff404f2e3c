namespace FeatureScale;

/// <summary>A progress sink that ignores everything.</summary>
public sealed class NullProgress : IProgressSink
{
    /// <summary>The shared instance.</summary>
    public static readonly NullProgress Instance = new();
    public void Report(double fraction, string status) { }
}
