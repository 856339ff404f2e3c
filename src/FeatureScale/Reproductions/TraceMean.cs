namespace FeatureScale.Reproductions;

/// <summary>Ensemble mean of the loss trace at one step (and the spread of the test MSE over chains).</summary>
public sealed record TraceMean(int Step, double Time, double TrainMse, double TestMse, double TrainLinear, double TrainCubic,
    double TestLinear, double TestCubic, double TestMseMin, double TestMseMax);
