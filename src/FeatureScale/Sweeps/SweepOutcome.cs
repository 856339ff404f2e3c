namespace FeatureScale.Sweeps;

/// <summary>What a sweep invocation did. ClaimedElsewhere: runs of the shard left to live claims of other processes.</summary>
public sealed record SweepOutcome(int Total, int InShard, int AlreadyDone, int Ran, int Failed, double WallSeconds,
    int ClaimedElsewhere = 0);
