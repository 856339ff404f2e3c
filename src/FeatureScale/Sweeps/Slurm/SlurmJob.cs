namespace FeatureScale.Sweeps.Slurm;

/// <summary>One submission recorded in DIR/slurm/jobs.json.</summary>
/// <param name="JobId">Slurm's job id.</param>
/// <param name="Kind">"array" (the sweep's shards) or "final" (the dependent analysis/report job).</param>
/// <param name="Array">The array tasks submitted ("1-3", "2"), or null.</param>
/// <param name="Shards">The shard count n of --shard i/n.</param>
/// <param name="SubmittedUtc">When it was submitted (ISO 8601).</param>
/// <param name="Script">The batch script.</param>
public sealed record SlurmJob(string JobId, string Kind, string? Array, int Shards, string SubmittedUtc, string Script);
