using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>A data set: inputs X (Count × Dimension, row-major), targets y, and Φ* = w*·x per point.</summary>
public sealed record Dataset(double[] X, double[] Y, double[] Phi, int Count, int Dimension)
{
    /// <summary>Draws n points from the inputs and labels them with the teacher.</summary>
    public static Dataset Draw(GaussianInputs inputs, Teacher teacher, int n, RandomStream rng)
    {
        if (n < 1) throw new ConfigException($"a data set needs at least one point (got {n})");
        int d = inputs.Dimension;
        if (teacher.Direction.Length != d) throw new ArgumentException("teacher direction and inputs differ in dimension");
        var x = inputs.Sample(n, rng);
        var y = new double[n]; var phi = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = 0;
            for (int k = 0; k < d; k++) z += x[i * d + k] * teacher.Direction[k];
            phi[i] = z; y[i] = teacher.Evaluate(z);
        }
        return new Dataset(x, y, phi, n, d);
    }

    /// <summary>Inputs converted to the working precision.</summary>
    public T[] XAs<T>() where T : unmanaged, System.Numerics.INumberBase<T> => X.Select(T.CreateTruncating).ToArray();

    /// <summary>Targets converted to the working precision.</summary>
    public T[] YAs<T>() where T : unmanaged, System.Numerics.INumberBase<T> => Y.Select(T.CreateTruncating).ToArray();
}
