namespace FeatureScale.Experiments;

/// <summary>One point of the loss trace of one chain: Langevin time t = η·step, train and test MSE, and the
/// projections of the network output on the teacher's normalised components He₁ and εHe₃ (the coefficients of
/// <see cref="HermiteProjection"/>, the cubic one divided by ε; 1 = the component fully learned, as the paper's Fig. 6).</summary>
public sealed record LossTracePoint(int Chain, int Step, double Time, double TrainMse, double TestMse,
    double TrainLinear, double TrainCubic, double TestLinear, double TestCubic);
