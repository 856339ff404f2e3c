using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using FeatureScale.Numerics;

namespace FeatureScale.Tests.Numerics;

/// <summary>
/// Backend selection and OpenBLAS kernel choice. These tests are about the machine's OpenBLAS; where it is absent
/// (or a backend is forced) they check the fallback instead.
/// </summary>
[Collection("Environment")]
public class BackendSelectionTests
{
    private static bool OpenBlasInstalled()
    {
        foreach (var name in OpenBlasProvider.LibraryNames)
            if (NativeLibrary.TryLoad(name, out _)) return true;
        return false;
    }

    private static string? Forced => Environment.GetEnvironmentVariable(LinearAlgebra.BackendVariable);

    [Fact]
    public void OpenBlas_is_chosen_with_a_modern_kernel_set_when_installed()
    {
        var provider = LinearAlgebra.Provider;
        if (!string.IsNullOrEmpty(Forced))
        {
            Assert.Equal(Forced.Trim().ToLowerInvariant() == "managed" ? "managed" : "openblas", provider.Name);
            return;
        }
        if (!OpenBlasInstalled())
        {
            Assert.Equal("managed", provider.Name);
            Assert.Contains("managed fallback", LinearAlgebra.SelectionNote);
            return;
        }
        Assert.Equal("openblas", provider.Name);
        Assert.NotEqual("Prescott", provider.CoreName, StringComparer.OrdinalIgnoreCase);
        var best = CpuKernels.BestCoreType();
        if (LinearAlgebra.CoreTypeSetByUs is { } set)
        {
            // We chose the kernels: they must be the best the CPU supports, and OpenBLAS must have taken them.
            Assert.Equal(best, set);
            Assert.Equal(set, provider.CoreName, StringComparer.OrdinalIgnoreCase);
        }
        else if (best is not null)
        {
            // Nothing set by us on an x86 CPU with AVX2: only legitimate if the user set OPENBLAS_CORETYPE.
            Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CpuKernels.CoreTypeVariable)));
        }
    }

    [Fact]
    public void A_user_set_core_type_is_never_overridden()
    {
        _ = LinearAlgebra.Provider; // selection done before we touch the environment
        var saved = Environment.GetEnvironmentVariable(CpuKernels.CoreTypeVariable);
        try
        {
            Environment.SetEnvironmentVariable(CpuKernels.CoreTypeVariable, "Haswell");
            Assert.Null(CpuKernels.EnsureCoreType());
            Assert.Equal("Haswell", Environment.GetEnvironmentVariable(CpuKernels.CoreTypeVariable));
        }
        finally { Environment.SetEnvironmentVariable(CpuKernels.CoreTypeVariable, saved); }
    }

    [Fact]
    public void A_user_set_core_type_reaches_OpenBLAS_in_a_fresh_process()
    {
        if (!string.IsNullOrEmpty(Forced) || !OpenBlasInstalled() || CpuKernels.BestCoreType() is null) return;
        var json = RunCli(("OPENBLAS_CORETYPE", "Haswell"));
        Assert.Equal("openblas", json.GetProperty("backend").GetString());
        Assert.Equal("Haswell", json.GetProperty("openblas_core").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("coretype_set_by_featurescale").ValueKind);
    }

    [Fact]
    public void Forcing_the_managed_backend_in_a_fresh_process_is_reported()
    {
        var json = RunCli(("FEATURESCALE_BLAS", "managed"));
        Assert.Equal("managed", json.GetProperty("backend").GetString());
        Assert.Equal("managed", json.GetProperty("openblas_core").GetString());
    }

    [Fact]
    public void An_unknown_backend_name_is_a_usage_error()
    {
        var (code, stdout, stderr) = RunCliRaw(("FEATURESCALE_BLAS", "cuda"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout.Trim());
        var lines = stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains("FEATURESCALE_BLAS", lines[0]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Best_core_type_follows_the_cpu_features()
    {
        var best = CpuKernels.BestCoreType();
        if (CpuKernels.IsAmd() && System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            Assert.Equal("Haswell", best); // Zen 4's AVX-512 is double-pumped: the AVX2 kernels are faster there
        else if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
            Assert.Equal("SkylakeX", best);
        else if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            Assert.Equal("Haswell", best);
        else
            Assert.Null(best);
    }

    /// <summary>Runs `featurescale info --json` (the CLI built next to the tests) with extra environment variables.</summary>
    internal static JsonElement RunCli(params (string Name, string Value)[] env)
    {
        var (code, stdout, stderr) = RunCliRaw(env);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>Runs `featurescale info --json` and returns exit code, stdout and stderr.</summary>
    internal static (int Code, string Stdout, string Stderr) RunCliRaw(params (string Name, string Value)[] env)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FeatureScale.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll); psi.ArgumentList.Add("info"); psi.ArgumentList.Add("--json");
        psi.Environment.Remove("OPENBLAS_CORETYPE");
        psi.Environment.Remove("FEATURESCALE_BLAS");
        foreach (var (name, value) in env) psi.Environment[name] = value;
        using var proc = Process.Start(psi)!;
        var stdout = proc.StandardOutput.ReadToEndAsync();
        var stderr = proc.StandardError.ReadToEndAsync();
        Assert.True(proc.WaitForExit(60_000), "featurescale info timed out");
        return (proc.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Tests that read or change process-wide environment variables run one at a time.</summary>
[CollectionDefinition("Environment", DisableParallelization = true)]
public class EnvironmentCollection;
