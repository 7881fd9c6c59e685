namespace Synaptic.ML.Encoding;

/// <summary>
/// Parameters of latency coding, named and defaulted as in snnTorch's <c>spikegen.latency</c>
/// (except <see cref="TimeSteps"/>, which a fixed-size column needs). Scalars are doubles, like
/// Python's, and enter the single-precision computation where PyTorch converts them.
/// </summary>
public sealed record LatencyParameters
{
    /// <summary>Number of time steps T of the spike train. Default 25.</summary>
    public int TimeSteps { get; init; } = 25;

    /// <summary>Inputs below it fire at the latest time (or never with <see cref="Clip"/>); in (0, 1). Default 0.01.</summary>
    public double Threshold { get; init; } = 0.01;

    /// <summary>RC time constant (RC mode) or slope (linear mode); positive. Default 1.</summary>
    public double Tau { get; init; } = 1;

    /// <summary>Time step of the earliest possible spike. Default 0.</summary>
    public int FirstSpikeTime { get; init; }

    /// <summary>Remove the spikes of inputs below <see cref="Threshold"/>. Default false.</summary>
    public bool Clip { get; init; }

    /// <summary>Stretch spike times so the latest falls on the last time step. Default false.</summary>
    public bool Normalize { get; init; }

    /// <summary>Linear code τ·(1 − x) instead of the RC (logarithmic) code. Default false.</summary>
    public bool Linear { get; init; }

    /// <summary>Drop spikes later than the last step instead of refusing the input (snnTorch's <c>bypass</c>). Default false.</summary>
    public bool Bypass { get; init; }

    /// <summary>
    /// Clamp inputs to [0, 1] before coding (below 0 as 0, above 1 as 1) instead of refusing them with the element and
    /// value (and, in <c>EncodeLatency</c>, the column and row) as snnTorch refuses them. NaN is refused either way. Default false.
    /// </summary>
    public bool ClampToUnitInterval { get; init; }

    /// <summary>Keeps saturated inputs strictly above the threshold in the RC code. Default 1e-7.</summary>
    public double Epsilon { get; init; } = 1e-7;
}
