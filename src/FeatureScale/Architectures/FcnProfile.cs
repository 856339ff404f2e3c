using System.Diagnostics;

namespace FeatureScale.Architectures;

/// <summary>Accumulated stopwatch ticks spent in GEMM/GEMV and in element-wise work.</summary>
public sealed class FcnProfile
{
    private long _gemm, _elementwise;
    /// <summary>Adds GEMM ticks.</summary>
    public void AddGemm(long ticks) => Interlocked.Add(ref _gemm, ticks);
    /// <summary>Adds element-wise ticks.</summary>
    public void AddElementwise(long ticks) => Interlocked.Add(ref _elementwise, ticks);
    /// <summary>Seconds in GEMM/GEMV.</summary>
    public double GemmSeconds => (double)_gemm / Stopwatch.Frequency;
    /// <summary>Seconds in element-wise kernels.</summary>
    public double ElementwiseSeconds => (double)_elementwise / Stopwatch.Frequency;
    /// <summary>Clears the counters.</summary>
    public void Reset() { _gemm = 0; _elementwise = 0; }
}
