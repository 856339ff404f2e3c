using FeatureScale.Data;
using FeatureScale.Architectures;
using FeatureScale.Sampling;

namespace FeatureScale.Experiments;

/// <summary>
/// Two-layer (patch) network experiments: CNN / FCN on a Hermite patch-sum target, noisy parity, modular addition.
/// Observables: regression — A_f = ⟨f, y⟩/⟨y, y⟩ and test MSE on the test set; classification — test (and train)
/// accuracy and test loss per point (mean cross-entropy, or mean Σ_c (f_c − y_c)²) and, with squared error, the
/// target discrepancies Δ = Σ(y − f)·y/Σy·y on train and test (modular addition: |a| of 2310.03789); modular
/// addition also measures the neurons' Fourier order parameters (mean of max_k P²Φ_kΨ_k, and the fraction of neurons
/// above the prior's 99th percentile, see <see cref="Observables.ModularFourier"/>). For each feature direction u (unit, in filter space R^S): the filter
/// projections w_j·u; mu_u = max_j |w_j·u| (the μ-Sp magnitude of Fig. 7b) and the number of filters with
/// |w_j·u| &gt; 3σ_1/√S (3 × the prior std); the projections of all filters feed the −log-density histogram (Fig. 7a).
/// </summary>
internal sealed class PatchExperiment<T> : ArchTraining.Experiment<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly ResolvedArchConfig _rc;
    private readonly PatchArchitecture _arch;
    private readonly LabelledData _train, _test;
    private readonly (string Name, double[] Dir)[] _dirs;
    private readonly bool _classification;
    private readonly T[] _xTrain, _yTrain, _xTest, _yTest;
    private readonly string[] _names;
    private readonly bool _discrepancy;
    private readonly int _modulus;
    private readonly double _fourierThreshold;

    public PatchExperiment(ResolvedArchConfig rc, PatchArchitecture arch, LabelledData train, LabelledData test, IReadOnlyList<(string, double[])>? dirs, bool classification)
    {
        _rc = rc; _arch = arch; _train = train; _test = test; _classification = classification;
        _dirs = (dirs ?? []).ToArray();
        _xTrain = train.XAs<T>(); _yTrain = train.YAs<T>(); _xTest = test.XAs<T>(); _yTest = test.YAs<T>();
        var names = classification ? new List<string> { "test_accuracy", "train_accuracy", "test_loss" } : ["alignment", "test_mse"];
        _discrepancy = classification && rc.Loss == OutputLoss.SquaredError;
        if (_discrepancy) { names.Add("train_discrepancy"); names.Add("test_discrepancy"); }
        _modulus = rc.Task == TaskKind.ModAdd ? rc.Config.Modulus : 0;
        if (_modulus > 0)
        {
            _fourierThreshold = Observables.ModularFourier.PriorQuantile(_modulus);
            names.Add("fourier_peak"); names.Add("fourier_droplets");
        }
        foreach (var (n, _) in _dirs) { names.Add($"mu_{n}"); names.Add($"specialised_{n}"); }
        _names = names.ToArray();
    }

    public override string[] Names => _names;
    public override string Primary => _classification ? "test_accuracy" : "alignment";
    public override int ParameterCount => _arch.ParameterCount;
    public override int TrainCount => _train.Count;
    public override double LossLimit => 1e6 * (_train.Count + 0.5 * _train.Y.Sum(v => v * v));
    public override IPosteriorModel<double> Probe(int threads) => ArchModels.BlockedPatch(_arch, _rc.Loss, _train.X, _train.Y, _train.Count, threads);
    public override IPosteriorModel<T> Model(int threads) => ArchModels.BlockedPatch(_arch, _rc.Loss, _xTrain, _yTrain, _train.Count, threads);

    public override Func<T[], (double[] Values, (string Feature, double[] Values)[] Projections)> Measurer()
    {
        var test = new PatchCnn<T>(_arch, _rc.Loss, _xTest, _yTest, _test.Count);
        var train = _classification ? new PatchCnn<T>(_arch, _rc.Loss, _xTrain, _yTrain, _train.Count) : null;
        int C = _arch.Outputs, S = _arch.PatchSize, N = _arch.Width;
        double threshold = 3 * Math.Sqrt(_arch.Sigma2First / S);
        return theta =>
        {
            var values = new List<double>();
            var f = test.Forward(theta);
            if (_classification)
            {
                values.Add(Accuracy(f, _test));
                values.Add(Accuracy(train!.Forward(theta), _train));
                values.Add(2 * test.Loss(theta) / _test.Count); // mean CE (or Σ_c (f−y)²) per test point
                if (_discrepancy)
                {
                    values.Add(TargetDiscrepancy(train!.Forward(theta), _train));
                    values.Add(TargetDiscrepancy(test.Forward(theta), _test));
                }
                if (_modulus > 0)
                {
                    // Fourier order parameters of every hidden neuron: mean of max_k P²Φ_kΨ_k and the fraction above the prior's 99th percentile.
                    var row = new double[S];
                    double sum = 0; int above = 0;
                    for (int j = 0; j < N; j++)
                    {
                        for (int i = 0; i < S; i++) row[i] = double.CreateTruncating(theta[j * S + i]);
                        double peak = Observables.ModularFourier.PeakOverlap(row, _modulus).Peak;
                        sum += peak; if (peak > _fourierThreshold) above++;
                    }
                    values.Add(sum / N);
                    values.Add((double)above / N);
                }
            }
            else
            {
                double fy = 0, yy = 0, se = 0;
                for (int p = 0; p < _test.Count; p++)
                {
                    double fv = double.CreateTruncating(f[p]), y = _test.Y[p];
                    fy += fv * y; yy += y * y; se += (fv - y) * (fv - y);
                }
                values.Add(fy / yy);
                values.Add(se / _test.Count);
            }
            var projections = new (string, double[])[_dirs.Length];
            for (int k = 0; k < _dirs.Length; k++)
            {
                var u = new double[N];
                for (int j = 0; j < N; j++)
                {
                    double s = 0;
                    for (int i = 0; i < S; i++) s += double.CreateTruncating(theta[j * S + i]) * _dirs[k].Dir[i];
                    u[j] = s;
                }
                values.Add(u.Max(Math.Abs));
                values.Add(u.Count(v => Math.Abs(v) > threshold));
                projections[k] = ($"w.{_dirs[k].Name}", u);
            }
            return (values.ToArray(), projections);
        };

        // Δ = Σ (y − f)·y / Σ y·y over points and outputs: the fraction of the target not learned (|a| of 2310.03789
        // Eq. B.38 for modular addition); linear in f, so its ensemble mean is the discrepancy of the mean predictor.
        static double TargetDiscrepancy(ReadOnlySpan<T> f, LabelledData data)
        {
            double num = 0, den = 0;
            for (int i = 0; i < data.Y.Length; i++) { double y = data.Y[i]; num += (y - double.CreateTruncating(f[i])) * y; den += y * y; }
            return num / den;
        }

        double Accuracy(ReadOnlySpan<T> f, LabelledData data)
        {
            int hits = 0;
            for (int p = 0; p < data.Count; p++)
            {
                int best = 0;
                for (int k = 1; k < C; k++) if (f[p * C + k] > f[p * C + best]) best = k;
                if (best == data.Label(p)) hits++;
            }
            return (double)hits / data.Count;
        }
    }
}
