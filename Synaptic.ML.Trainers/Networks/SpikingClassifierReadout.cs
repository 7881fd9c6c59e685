namespace Synaptic.ML.Trainers;

/// <summary>
/// What a spiking classifier's prediction is read from: the class is the output neuron with the largest value (the
/// first on ties, as <c>argmax</c>), and the scores are the softmax of the values.
/// </summary>
public enum SpikingClassifierReadout
{
    /// <summary>Spike counts Σ_t S[t] of the output neurons (snnTorch's <c>accuracy_rate</c> decodes this way).</summary>
    SpikeCount,

    /// <summary>Firing rates Σ_t S[t] / T: the same class as the counts, softer scores.</summary>
    SpikeRate,

    /// <summary>Peak membrane potential max_t U[t] (pairs with <see cref="SpikingClassifierLoss.CrossEntropyMaxMembrane"/>).</summary>
    MaxMembrane,

    /// <summary>Mean membrane potential Σ_t U[t] / T (pairs with <see cref="SpikingClassifierLoss.MseMembrane"/>).</summary>
    MeanMembrane,
}
