using FeatureScale.Architectures;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>Blocked (row-parallel, thread-count independent) training models for the issue-6 architectures.</summary>
public static class ArchModels
{
    /// <summary>The attention layer on P inputs (x: P·L × d) as a sum over fixed row blocks of inputs.</summary>
    public static RowBlockedModel<T> BlockedAttention<T>(AttentionArchitecture arch, T[] x, T[] y, int count, int threads)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int tok = arch.Length * arch.Dim;
        var parts = RowBlockedModel<T>.Ranges(count).Select(r =>
            (IPosteriorModel<T>)new AttentionHead<T>(arch, x.AsSpan(r.Start * tok, r.Count * tok).ToArray(), y.AsSpan(r.Start, r.Count).ToArray(), r.Count)).ToList();
        return new RowBlockedModel<T>(parts, threads);
    }

    /// <summary>The patch network on P inputs (x: P × d, y: P × C) as a sum over fixed row blocks.</summary>
    public static RowBlockedModel<T> BlockedPatch<T>(PatchArchitecture arch, OutputLoss loss, T[] x, T[] y, int count, int threads)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int d = arch.InputDim, c = arch.Outputs;
        var parts = RowBlockedModel<T>.Ranges(count).Select(r =>
            (IPosteriorModel<T>)new PatchCnn<T>(arch, loss, x.AsSpan(r.Start * d, r.Count * d).ToArray(), y.AsSpan(r.Start * c, r.Count * c).ToArray(), r.Count)).ToList();
        return new RowBlockedModel<T>(parts, threads);
    }
}
