using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FeatureScale.Numerics;

/// <summary>
/// Picks OpenBLAS's kernel set before the library loads. Debian's OpenBLAS 0.3.21 does not know recent Xeons and
/// falls back to "Prescott" (SSE3) kernels, 4–5× slower than its AVX-512 ones.
/// </summary>
public static class CpuKernels
{
    /// <summary>OpenBLAS's environment variable for the kernel set.</summary>
    public const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    /// <summary>The best OpenBLAS kernel set this CPU supports, or null where FeatureScale has no opinion.</summary>
    public static string? BestCoreType()
    {
        // AMD Zen 4 runs AVX-512 on 256-bit units: there OpenBLAS 0.3.21's Haswell (AVX2) kernels are as fast or faster
        // (measured on an EPYC Zen 4: dgemm Δᵀ·X 43 GFLOP/s with Haswell vs 35 with SkylakeX kernels, per core).
        if (IsAmd() && Avx2.IsSupported && Fma.IsSupported) return "Haswell";
        if (Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported) return "SkylakeX";
        if (Avx2.IsSupported && Fma.IsSupported) return "Haswell";
        return null;
    }

    /// <summary>Whether the CPU vendor (CPUID leaf 0) is "AuthenticAMD".</summary>
    public static bool IsAmd()
    {
        if (!X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> words = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(words)) == "AuthenticAMD";
    }

    /// <summary>
    /// Sets OPENBLAS_CORETYPE in the process's native environment when the user has not set it. Returns the value
    /// set, or null when nothing was set.
    /// </summary>
    public static string? EnsureCoreType()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CoreTypeVariable))) return null;
        var best = BestCoreType();
        if (best is null) return null;
        // Environment.SetEnvironmentVariable changes only .NET's copy; OpenBLAS reads libc's environ.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            if (NativeEnv.setenv(CoreTypeVariable, best, 1) != 0) return null; // unset or empty here, so nothing of the user's is lost
        Environment.SetEnvironmentVariable(CoreTypeVariable, best);
        return best;
    }

    /// <summary>SIMD widths available to the element-wise kernels, e.g. "Vector512 (AVX-512F), Vector256 (AVX2)".</summary>
    public static string SimdSummary()
    {
        var parts = new List<string>();
        if (Vector512.IsHardwareAccelerated) parts.Add("Vector512");
        if (Vector256.IsHardwareAccelerated) parts.Add("Vector256");
        if (Vector128.IsHardwareAccelerated) parts.Add("Vector128");
        if (Avx512F.IsSupported) parts.Add("AVX-512F");
        if (Avx2.IsSupported) parts.Add("AVX2");
        if (Fma.IsSupported) parts.Add("FMA");
        return parts.Count == 0 ? "scalar" : string.Join(", ", parts);
    }

    private static partial class NativeEnv
    {
        [DllImport("libc", EntryPoint = "setenv")]
        public static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
    }
}
