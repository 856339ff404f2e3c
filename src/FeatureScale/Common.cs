namespace FeatureScale;

/// <summary>
/// A configuration or input the user gave that FeatureScale cannot use. The CLI prints its message as one line
/// on stderr and exits with code 2.
/// </summary>
public sealed class ConfigException(string message) : ArgumentException(message);

/// <summary>Receives progress of long work: fraction done in [0, 1] and a short status (e.g. the running A_f).</summary>
public interface IProgressSink
{
    /// <summary>Reports progress; may be called from any thread, should be cheap.</summary>
    void Report(double fraction, string status);
}

/// <summary>A progress sink that ignores everything.</summary>
public sealed class NullProgress : IProgressSink
{
    /// <summary>The shared instance.</summary>
    public static readonly NullProgress Instance = new();
    public void Report(double fraction, string status) { }
}

/// <summary>The library's version string (assembly informational version).</summary>
public static class LibraryInfo
{
    /// <summary>e.g. "0.1.0".</summary>
    public static string Version =>
        typeof(LibraryInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0]
        ?? typeof(LibraryInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}
