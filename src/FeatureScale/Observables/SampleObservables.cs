namespace FeatureScale.Observables;

/// <summary>What is measured on one posterior sample (App. F).</summary>
/// <param name="Alignment">A_f = ⟨f, y⟩/⟨y, y⟩ on the test set (Eq. 3).</param>
/// <param name="TestMse">mean (f − y)² on the test set.</param>
/// <param name="Overlaps">[layer − 1][feature][neuron]: ⟨h_i^l, Φ⟩ = mean over test inputs of h_i^l(x) Φ(x).</param>
public sealed record SampleObservables(double Alignment, double TestMse, double[][][] Overlaps);
