using System.Diagnostics;
using FeatureScale.Numerics;

namespace FeatureScale.Reporting;

/// <summary>What a result was computed with: library version, git commit, backend, CPU kernels, threads, SIMD.</summary>
public sealed record RunEnvironment(
    string Version, string? GitCommit, string Backend,
    [property: System.Text.Json.Serialization.JsonPropertyName("openblas_core")] string OpenBlasCore, string BackendNote,
    [property: System.Text.Json.Serialization.JsonPropertyName("coretype_set_by_featurescale")] string? CoreTypeSetByFeatureScale,
    int BlasThreads, int ProcessorCount, string Simd, string ElementwisePath, string Runtime, string Os)
{
    /// <summary>Describes the running process.</summary>
    public static RunEnvironment Current()
    {
        var p = LinearAlgebra.Provider;
        return new RunEnvironment(LibraryInfo.Version, FindGitCommit(), p.Name, p.CoreName, LinearAlgebra.SelectionNote,
            LinearAlgebra.CoreTypeSetByUs, p.Threads, Environment.ProcessorCount, CpuKernels.SimdSummary(), Elementwise.ActivePath,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }

    private static string? _commit;
    private static bool _commitLooked;

    /// <summary>The git commit of the working directory's repository, if git is available; else null.</summary>
    public static string? FindGitCommit()
    {
        if (_commitLooked) return _commit;
        _commitLooked = true;
        var fromEnv = Environment.GetEnvironmentVariable("FEATURESCALE_GIT_COMMIT");
        if (!string.IsNullOrEmpty(fromEnv)) return _commit = fromEnv;
        try
        {
            var dir = AppContext.BaseDirectory;
            var psi = new ProcessStartInfo("git", "rev-parse HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir, UseShellExecute = false };
            using var proc = Process.Start(psi);
            if (proc is null) return null;
            string output = proc.StandardOutput.ReadToEnd().Trim();
            if (!proc.WaitForExit(3000)) { try { proc.Kill(); } catch (InvalidOperationException) { } return null; }
            return _commit = proc.ExitCode == 0 && output.Length >= 7 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
