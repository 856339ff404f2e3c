namespace FeatureScale.Experiments;

/// <summary>One kept sample of one chain (a row of samples.csv).</summary>
public sealed record SampleRow(int Chain, int Sample, int Step, double Alignment, double TestMse, double TrainMse,
    double RunningAlignment, int[] Specialised, int[] SpecialisedTarget);
