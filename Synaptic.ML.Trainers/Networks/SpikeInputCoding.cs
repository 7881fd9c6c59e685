namespace Synaptic.ML.Trainers;

/// <summary>How a spiking classifier turns a feature vector (values in [0, 1] for the spike codes) into input over its time steps.</summary>
public enum SpikeInputCoding
{
    /// <summary>
    /// Rate coding (snnTorch's <c>spikegen.rate</c>): each value fires with probability clamp(x, 0, 1) at every step.
    /// Training draws fresh spikes every time a row is seen; scoring keys the draws by the row's values, so a row always
    /// gets the same prediction.
    /// </summary>
    Rate,

    /// <summary>
    /// Latency coding (snnTorch's <c>spikegen.latency</c> with <c>linear=True, normalize=True, clip=True</c>): each
    /// value fires once, at step (T − 1)·(1 − x), and values below 0.01 never fire. Deterministic.
    /// </summary>
    Latency,

    /// <summary>The feature values themselves are the input current at every step (snnTorch's tutorials feed images this way). Deterministic; any finite values.</summary>
    DirectCurrent,
}
