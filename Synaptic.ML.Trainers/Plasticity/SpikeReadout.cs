namespace Synaptic.ML.Trainers;

/// <summary>How a spiking agent turns a decision window's activity into per-action scores (the largest wins).</summary>
public enum SpikeReadout
{
    /// <summary>
    /// The synaptic drive into each motor pool: Σ_t Σ_{i∈pool} Σ_j W[i, j]·s[t−1, j] over the window, so a learned
    /// weight change moves the score even before it changes a spike.
    /// </summary>
    Pathway,

    /// <summary>The number of spikes each motor pool fired during the window.</summary>
    SpikeCount,
}
