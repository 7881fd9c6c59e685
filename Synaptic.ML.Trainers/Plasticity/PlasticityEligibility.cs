namespace Synaptic.ML.Trainers;

/// <summary>Which synapses a reward-modulated STDP agent tags as eligible for the dopamine signal.</summary>
public enum PlasticityEligibility
{
    /// <summary>
    /// Tagged by the motor decision: when action a wins, every synapse W[i, j] onto a neuron i of pool a is tagged with
    /// c_j/T (c_j: presynaptic neuron j's spikes in the window that the pathway readout read, T the window's steps),
    /// every synapse onto the other pools with −c_j/(T·(A − 1)), so the total drive is conserved. The motor selection
    /// plays the postsynaptic event of STDP: the tag is causal (pre before the decision) and aligned with what decided the
    /// action. Neurons outside the pools keep their weights. The tags decay by <c>EligibilityDecay</c> per decision.
    /// </summary>
    DecisionPathway,

    /// <summary>
    /// Classic pair-based STDP on every recurrent synapse at every neuron step (A+, A−, τ±), accumulated over the whole
    /// episode and applied once, with the episode's dopamine (<see cref="DopamineSignal.EpisodeReturn"/> only).
    /// </summary>
    SpikeTiming,
}
