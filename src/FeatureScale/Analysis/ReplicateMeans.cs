using FeatureScale.Numerics;

namespace FeatureScale.Analysis;

/// <summary>
/// Bootstrap replicates of the mean of one point's independent runs (e.g. training-set seeds): with two or more
/// runs, means of runs drawn with replacement; with one, its mean plus its standard error times a Gaussian draw
/// (the chains' error only). Fed to <see cref="ExponentFit.Estimate"/> so an exponent's interval carries each
/// point's measurement uncertainty, not only the scatter of the points about a line.
/// </summary>
public static class ReplicateMeans
{
    /// <summary><paramref name="bootstrap"/> replicates of the mean of <paramref name="runs"/> (value, sem).</summary>
    public static double[] Draw(IReadOnlyList<(double Y, double Sem)> runs, int bootstrap, RandomStream rng)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to resample", nameof(runs));
        var reps = new double[bootstrap];
        for (int b = 0; b < bootstrap; b++)
        {
            if (runs.Count >= 2)
            {
                double s = 0;
                for (int j = 0; j < runs.Count; j++) s += runs[rng.NextInt(runs.Count)].Y;
                reps[b] = s / runs.Count;
            }
            else reps[b] = runs[0].Y + (double.IsFinite(runs[0].Sem) ? runs[0].Sem * rng.NextGaussian() : 0);
        }
        return reps;
    }

    /// <summary>The standard error of the mean of the runs: their spread over √n, or the one run's own sem.</summary>
    public static double Sem(IReadOnlyList<(double Y, double Sem)> runs)
    {
        if (runs.Count < 2) return runs[0].Sem;
        double m = runs.Average(t => t.Y);
        return Math.Sqrt(runs.Sum(t => (t.Y - m) * (t.Y - m)) / (runs.Count - 1) / runs.Count);
    }
}
