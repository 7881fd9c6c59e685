namespace Synaptic.ML.Trainers;

/// <summary>How a spiking policy turns an observation into input over its time steps.</summary>
public enum SpikingEncoding
{
    /// <summary>The observation itself is the input current at every time step.</summary>
    DirectCurrent,

    /// <summary>
    /// Each element is seen by <see cref="SpikingPolicyOptions.PopulationSize"/> neurons with Gaussian receptive
    /// fields spread over [ObservationLow, ObservationHigh]; their responses are the input current at every step.
    /// </summary>
    Population,

    /// <summary>
    /// Bernoulli spikes each step with probability (x − low) / (high − low) clipped to [0, 1]. The draws are keyed
    /// by the observation's bits, so one observation always gives the same spike train and the policy stays a
    /// function of its input (log-probabilities computed again during the update match the rollout's).
    /// </summary>
    Rate,
}
