using FeatureScale.Sampling;
using FeatureScale.Theory.Adaptive;

namespace FeatureScale.Experiments;

/// <summary>
/// Ensemble means of a Langevin run of the linear χ-network: per-chain time averages of the train outputs, the test
/// outputs and u = χ|a|²/g_w (the read-out scale whose posterior <see cref="LinearChiNetwork.Exact"/> integrates).
/// </summary>
/// <param name="Sampler">What the chains' sampler did (name, step, acceptance rate); null in results made before it
/// was recorded.</param>
/// <param name="UDiagnostics">Rank-normalised split-R̂ and ESS of the kept u = χ|a|²/g_w over the chains.</param>
public sealed record LinearChiEnsembleResult(double Chi, double[][] ChainTrain, double[][] ChainTest, double[] ChainU,
    double[] Y, double Eta, double WallSeconds, SamplerReport? Sampler = null, RankDiagnostics? UDiagnostics = null)
{
    /// <summary>Number of chains.</summary>
    public int Chains => ChainU.Length;

    /// <summary>Mean and standard error (spread of the chain means / √chains) of Σ_i w_i v_i over the chains' means v.</summary>
    public static (double Mean, double Se) Functional(IReadOnlyList<double[]> chainValues, ReadOnlySpan<double> weights)
    {
        var per = new double[chainValues.Count];
        for (int c = 0; c < per.Length; c++) { double s = 0; for (int i = 0; i < weights.Length; i++) s += weights[i] * chainValues[c][i]; per[c] = s; }
        return MeanSe(per);
    }

    /// <summary>Mean and standard error of per-chain values.</summary>
    public static (double Mean, double Se) MeanSe(IReadOnlyList<double> per)
    {
        double m = per.Average();
        double v = per.Count > 1 ? per.Sum(a => (a - m) * (a - m)) / (per.Count - 1) : double.NaN;
        return (m, Math.Sqrt(v / per.Count));
    }

    /// <summary>Ensemble-mean train output at each training point.</summary>
    public double[] TrainMean => Enumerable.Range(0, Y.Length).Select(i => ChainTrain.Average(c => c[i])).ToArray();
    /// <summary>Ensemble-mean test output at each test point.</summary>
    public double[] TestMean => ChainTest.Length == 0 || ChainTest[0].Length == 0 ? [] : Enumerable.Range(0, ChainTest[0].Length).Select(i => ChainTest.Average(c => c[i])).ToArray();
    /// <summary>E[u] and its standard error.</summary>
    public (double Mean, double Se) U => MeanSe(ChainU);
}
