namespace FeatureScale.Sweeps.Slurm;

/// <summary>What a submission did: the job id (null for a dry run or nothing to do), the script and a message.</summary>
public sealed record SubmitOutcome(string? JobId, string Script, string ScriptPath, string Message);
