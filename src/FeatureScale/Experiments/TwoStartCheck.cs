namespace FeatureScale.Experiments;

/// <summary>
/// The two-start check of a run (<see cref="TrainConfig.TwoStart"/>): A_f of the chains started from the prior and of
/// those started with one neuron along w*, each with its standard error, and whether they agree
/// (|z| &lt; <see cref="ZLimit"/>, z the difference over its combined standard error). Halves that disagree have not
/// forgotten where they started: the ensemble mean is then an average over two basins, not a posterior mean.
/// </summary>
public sealed record TwoStartCheck(double PriorMean, double PriorSem, double AlignedMean, double AlignedSem, double Z,
    bool Agree)
{
    /// <summary>The |z| above which the halves are said to disagree.</summary>
    public const double ZLimit = 3;

    /// <summary>The check from the two halves' estimates.</summary>
    public static TwoStartCheck Of(double priorMean, double priorSem, double alignedMean, double alignedSem)
    {
        double z = (alignedMean - priorMean) / Math.Sqrt(priorSem * priorSem + alignedSem * alignedSem);
        return new TwoStartCheck(priorMean, priorSem, alignedMean, alignedSem, z, Math.Abs(z) < ZLimit);
    }
}
