namespace FeatureScale.Numerics;

/// <summary>
/// Chooses the linear-algebra provider once, at first use: OpenBLAS when it loads, else the managed fallback.
/// <c>FEATURESCALE_BLAS=managed|openblas</c> overrides the choice. The chosen provider is the library's only
/// global state.
/// </summary>
public static class LinearAlgebra
{
    /// <summary>Environment variable that forces a backend.</summary>
    public const string BackendVariable = "FEATURESCALE_BLAS";

    private static readonly Lazy<(ILinearAlgebra Provider, string Note)> Chosen = new(Choose, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The active provider.</summary>
    public static ILinearAlgebra Provider => Chosen.Value.Provider;

    /// <summary>
    /// Runs BLAS single-threaded until the returned scope is disposed (counted: nested and concurrent scopes keep it
    /// single-threaded until the last ends). Samplers split their parallel work themselves and reduce it in a fixed
    /// order, so their numbers do not depend on the thread count.
    /// </summary>
    public static SingleThreadedBlas SingleThreaded() => new();

    /// <summary>Why this provider is active (e.g. the reason OpenBLAS was not loaded).</summary>
    public static string SelectionNote => Chosen.Value.Note;

    /// <summary>The OPENBLAS_CORETYPE that FeatureScale set, or null if it set none (user's value or non-x86 CPU).</summary>
    public static string? CoreTypeSetByUs { get; private set; }

    private static (ILinearAlgebra, string) Choose()
    {
        var requested = Environment.GetEnvironmentVariable(BackendVariable)?.Trim().ToLowerInvariant();
        if (requested is "managed")
            return (new ManagedProvider(), $"{BackendVariable}=managed");
        if (requested is not (null or "" or "openblas" or "auto"))
            throw new ConfigException($"{BackendVariable}='{requested}' is not one of managed, openblas, auto");
        CoreTypeSetByUs = CpuKernels.EnsureCoreType();
        var native = OpenBlasProvider.TryLoad(out var reason);
        if (native is not null)
            return (native, requested is "openblas" ? $"{BackendVariable}=openblas" : "OpenBLAS found");
        if (requested is "openblas")
            throw new ConfigException($"{BackendVariable}=openblas but {reason}");
        return (new ManagedProvider(), $"managed fallback: {reason}");
    }
}
