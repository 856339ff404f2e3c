namespace FeatureScale.Data;

/// <summary>A labelled data set with vector targets: inputs X (Count × Dimension) and targets Y (Count × Outputs), row-major.</summary>
public sealed record LabelledData(double[] X, double[] Y, int Count, int Dimension, int Outputs)
{
    /// <summary>Inputs in the working precision.</summary>
    public T[] XAs<T>() where T : unmanaged, System.Numerics.INumberBase<T> => X.Select(T.CreateTruncating).ToArray();
    /// <summary>Targets in the working precision.</summary>
    public T[] YAs<T>() where T : unmanaged, System.Numerics.INumberBase<T> => Y.Select(T.CreateTruncating).ToArray();

    /// <summary>Rows [start, start+count) as a new data set.</summary>
    public LabelledData Slice(int start, int count) =>
        new(X.AsSpan(start * Dimension, count * Dimension).ToArray(), Y.AsSpan(start * Outputs, count * Outputs).ToArray(), count, Dimension, Outputs);

    /// <summary>Class of row p (argmax of its target row).</summary>
    public int Label(int p)
    {
        int best = 0;
        for (int k = 1; k < Outputs; k++) if (Y[p * Outputs + k] > Y[p * Outputs + best]) best = k;
        return best;
    }
}
