namespace FeatureScale.Analysis;

/// <summary>How a threshold crossing was found.</summary>
public enum CrossingKind
{
    /// <summary>Between two measured sample sizes.</summary>
    Interpolated,
    /// <summary>Every point is above the threshold; extrapolated below the smallest P from the first two points.</summary>
    ExtrapolatedBelow,
    /// <summary>Every point is below the threshold; extrapolated beyond the largest P from the last two points.</summary>
    ExtrapolatedAbove,
    /// <summary>No crossing and extrapolation not allowed (or impossible).</summary>
    NotFound,
}
