namespace FeatureScale.Sampling;

/// <summary>The per-block frozen mask of a model from a list of block indices (checked).</summary>
internal static class FrozenMask
{
    /// <summary>True for the listed blocks; throws <see cref="ConfigException"/> for an index out of range.</summary>
    public static bool[] Of<T>(IPosteriorModel<T> model, IEnumerable<int>? frozenBlocks) where T : unmanaged
    {
        var mask = new bool[model.Blocks.Count];
        foreach (int b in frozenBlocks ?? [])
        {
            if (b < 0 || b >= mask.Length) throw new ConfigException($"cannot freeze block {b}: the model has {mask.Length} blocks");
            mask[b] = true;
        }
        return mask;
    }
}
