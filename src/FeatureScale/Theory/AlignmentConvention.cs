namespace FeatureScale.Theory;

/// <summary>How the alignment A_f is normalised in the LDT.</summary>
public enum AlignmentConvention
{
    /// <summary>A_f = ⟨f, y⟩ (App. A/B.3 with y "normalised"): reproduces Eqs. 35–40 literally for y = He_3/3!.</summary>
    Inner,
    /// <summary>A_f = ⟨f, y⟩/⟨y, y⟩ (Eq. 3): A_f = 1 means the target is learnt whatever its normalisation.</summary>
    Normalized,
}
