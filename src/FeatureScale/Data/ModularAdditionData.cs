using FeatureScale.Numerics;

namespace FeatureScale.Data;

/// <summary>
/// Modular addition (Gromov 2023; the adaptive-kernel work's setting): all p² pairs (a, b) ∈ Z_p², input the
/// two-hot vector in R^{2p} (1 at a and at p + b), target the one-hot vector of (a + b) mod p in R^p — optionally
/// centred (δ − 1/p, removing the zero Fourier mode) for squared-error training. Split into train/test by a
/// seeded shuffle and a train fraction.
/// </summary>
public sealed class ModularAdditionData
{
    /// <summary>The modulus p.</summary>
    public int Modulus { get; }

    /// <summary>The task mod p (p ≥ 2).</summary>
    public ModularAdditionData(int modulus)
    {
        if (modulus < 2) throw new ConfigException($"modulus p must be at least 2 (got {modulus})");
        if (modulus > 1000) throw new ConfigException($"modulus p must be at most 1000 (got {modulus}); the data set has p² points");
        Modulus = modulus;
    }

    /// <summary>Every pair (a, b) in order a·p + b.</summary>
    public LabelledData All(bool centred = false)
    {
        int p = Modulus, n = p * p;
        var x = new double[n * 2 * p];
        var y = new double[n * p];
        double off = centred ? 1.0 / p : 0;
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++)
            {
                int row = a * p + b;
                x[row * 2 * p + a] = 1;
                x[row * 2 * p + p + b] = 1;
                for (int k = 0; k < p; k++) y[row * p + k] = -off;
                y[row * p + (a + b) % p] += 1;
            }
        return new LabelledData(x, y, n, 2 * p, p);
    }

    /// <summary>A train/test split: a seeded permutation of the p² pairs, the first ⌊fraction·p²⌋ (at least 1) for training.</summary>
    public (LabelledData Train, LabelledData Test) Split(double trainFraction, RandomStream rng, bool centred = false)
    {
        if (!(trainFraction > 0) || !(trainFraction < 1)) throw new ConfigException($"train_fraction must be in (0, 1) (got {trainFraction})");
        var all = All(centred);
        int n = all.Count, nTrain = Math.Clamp((int)Math.Floor(trainFraction * n), 1, n - 1);
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle<int>(order);
        LabelledData Take(IEnumerable<int> rows)
        {
            var r = rows.ToArray();
            var x = new double[r.Length * all.Dimension]; var y = new double[r.Length * all.Outputs];
            for (int i = 0; i < r.Length; i++)
            {
                all.X.AsSpan(r[i] * all.Dimension, all.Dimension).CopyTo(x.AsSpan(i * all.Dimension));
                all.Y.AsSpan(r[i] * all.Outputs, all.Outputs).CopyTo(y.AsSpan(i * all.Outputs));
            }
            return new LabelledData(x, y, r.Length, all.Dimension, all.Outputs);
        }
        return (Take(order.Take(nTrain)), Take(order.Skip(nTrain)));
    }
}
