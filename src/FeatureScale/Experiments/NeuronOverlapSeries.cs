namespace FeatureScale.Experiments;

/// <summary>
/// Per-neuron overlaps ⟨h_i^l, Φ⟩ of one chain, layer and feature over its kept samples: Values[s·Width + i] is
/// neuron i in sample s.
/// </summary>
public sealed record NeuronOverlapSeries(int Chain, int Layer, string Feature, int Width, float[] Values);
