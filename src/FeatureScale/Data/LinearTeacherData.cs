using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>Gaussian inputs x ~ N(0, I_d) labelled by a unit-norm linear teacher y = w*·x (seeded, reproducible).</summary>
public static class LinearTeacherData
{
    /// <summary>n training and m test points (row-major n×d and m×d) with their labels; w* drawn from the same seed.</summary>
    public static (double[] X, double[] Y, double[] XTest, double[] YTest) Generate(int n, int d, int m, ulong seed)
    {
        if (n < 1 || d < 1 || m < 0) throw new ConfigException("linear teacher data: n, d must be positive and m non-negative");
        var rng = RandomStream.For(seed, 0, "adaptive-linear-data");
        var wstar = new double[d]; rng.Split("teacher").FillGaussian(wstar);
        double norm = Math.Sqrt(wstar.Sum(v => v * v)); for (int i = 0; i < d; i++) wstar[i] /= norm;
        var x = new double[n * d]; rng.Split("train").FillGaussian(x);
        var xt = new double[m * d]; rng.Split("test").FillGaussian(xt);
        double[] Label(double[] a, int rows)
        {
            var o = new double[rows];
            for (int r = 0; r < rows; r++) for (int c = 0; c < d; c++) o[r] += a[r * d + c] * wstar[c];
            return o;
        }
        return (x, Label(x, n), xt, Label(xt, m));
    }
}
