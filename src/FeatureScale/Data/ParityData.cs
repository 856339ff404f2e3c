using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>
/// The noisy k-parity task of App. E.2 (Eq. 80): x_i = s_i + N(0, ε) with s_i = ±1 i.i.d. (ε is the noise
/// variance), label y = sign(Π_{j≤k} x_j), encoded one-hot over two classes (class 1 = positive).
/// The relevant directions for k = 2 are e_1, e_2 and (e_1 + e_2)/√2.
/// </summary>
public sealed class ParityData
{
    /// <summary>Input dimension d.</summary>
    public int Dimension { get; }
    /// <summary>Order k of the parity.</summary>
    public int Order { get; }
    /// <summary>Noise variance ε.</summary>
    public double NoiseVariance { get; }

    /// <summary>A parity task in dimension d of order k with noise variance ε.</summary>
    public ParityData(int d, int order = 2, double noiseVariance = 0.1)
    {
        if (d < 1) throw new ConfigException($"d must be positive (got {d})");
        if (order < 1 || order > d) throw new ConfigException($"parity order k must be in 1..d (got {order} with d = {d})");
        if (!(noiseVariance >= 0) || !double.IsFinite(noiseVariance)) throw new ConfigException($"parity noise ε must be ≥ 0 (got {noiseVariance})");
        Dimension = d; Order = order; NoiseVariance = noiseVariance;
    }

    /// <summary>Draws n labelled points.</summary>
    public LabelledData Draw(int n, RandomStream rng)
    {
        if (n < 1) throw new ConfigException($"a data set needs at least one point (got {n})");
        int d = Dimension;
        var x = new double[n * d];
        var noise = new double[n * d];
        rng.Split("noise").FillGaussian(noise, 0, Math.Sqrt(NoiseVariance));
        var signs = rng.Split("signs");
        var y = new double[n * 2];
        for (int p = 0; p < n; p++)
        {
            double prod = 1;
            for (int i = 0; i < d; i++)
            {
                double s = signs.NextDouble() < 0.5 ? -1 : 1;
                double v = s + noise[p * d + i];
                x[p * d + i] = v;
                if (i < Order) prod *= v;
            }
            y[p * 2 + (prod > 0 ? 1 : 0)] = 1;
        }
        return new LabelledData(x, y, n, d, 2);
    }

    /// <summary>The unit direction (e_1 + … + e_k)/√k (for k = 2: w*_{1+2} of Fig. 7).</summary>
    public double[] SumDirection()
    {
        var w = new double[Dimension];
        for (int i = 0; i < Order; i++) w[i] = 1 / Math.Sqrt(Order);
        return w;
    }
}
