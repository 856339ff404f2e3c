namespace FeatureScale.Experiments;

/// <summary>Average number of specialised neurons in one layer (|overlap with the feature| &gt; 3 × its prior std).</summary>
public sealed record SpecialisedCount(int Layer, string Feature, double Threshold, double PriorStd, double Mean, double Sem);
