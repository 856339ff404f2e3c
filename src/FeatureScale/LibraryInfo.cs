namespace FeatureScale;

/// <summary>The library's version string (assembly informational version).</summary>
public static class LibraryInfo
{
    /// <summary>e.g. "0.1.0".</summary>
    public static string Version =>
        typeof(LibraryInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0]
        ?? typeof(LibraryInfo).Assembly.GetName().Version?.ToString() ?? "unknown";
}
