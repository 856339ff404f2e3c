namespace FeatureScale.Reproductions;

/// <summary>One cached Langevin ensemble of the linear χ-network: per-chain means of the linear discrepancy functionals.</summary>
public sealed record LinearChiRunSummary(double Chi, double[] ChainTrainDiscrepancy, double[] ChainTestDiscrepancy, double[] ChainU, double Eta, double WallSeconds);
