namespace Synaptic.ML.Encoding;

/// <summary>
/// Latency (time-to-first-spike) coding with the semantics of snnTorch's <c>spikegen.latency</c>:
/// every input fires exactly once, stronger inputs earlier. In the default RC (logarithmic) mode the
/// spike time is that of an RC circuit charged by the input reaching <c>threshold</c>,
/// τ·ln(x / (x − threshold)); in linear mode it is τ·(1 − x). Computations are in single precision,
/// in snnTorch's order, so results match it bit for bit.
/// </summary>
/// <remarks>
/// snnTorch normalises over the whole tensor it is given; <see cref="Encode"/> normalises over the
/// span it is given (one row, when used by <c>EncodeLatency</c>).
/// </remarks>
public static class LatencyEncoder
{
    /// <summary>Validates the arguments the way snnTorch does, before any data is seen.</summary>
    /// <param name="parameters">The encoder's parameters.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument snnTorch refuses.</exception>
    public static void Validate(LatencyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.TimeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.TimeSteps, $"{nameof(parameters.TimeSteps)} must be positive.");
        if (!(parameters.Threshold > 0 && parameters.Threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Threshold, $"{nameof(parameters.Threshold)} must be between 0 and 1 (exclusive).");
        if (!(parameters.Tau > 0))
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Tau, $"{nameof(parameters.Tau)} must be greater than 0.");
        if (parameters.FirstSpikeTime < 0)
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.FirstSpikeTime, $"{nameof(parameters.FirstSpikeTime)} cannot be negative.");
        if (parameters.FirstSpikeTime > parameters.TimeSteps - 1)
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.FirstSpikeTime,
                $"{nameof(parameters.FirstSpikeTime)} ({parameters.FirstSpikeTime}) must be at most {nameof(parameters.TimeSteps)} - 1 ({parameters.TimeSteps - 1}).");
        if (!(parameters.Epsilon > 0))
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Epsilon, $"{nameof(parameters.Epsilon)} must be positive.");
    }

    /// <summary>Encodes one input vector into a [T, N] spike train.</summary>
    /// <param name="data">N inputs, each in [0, 1] (or any but NaN with <see cref="LatencyParameters.ClampToUnitInterval"/>).</param>
    /// <param name="spikes">Output, row-major [T, N]; fully overwritten.</param>
    /// <param name="parameters">The encoder's parameters (validated by <see cref="Validate"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An input is outside [0, 1] (unless <see cref="LatencyParameters.ClampToUnitInterval"/>) or NaN, or (unless <see cref="LatencyParameters.Bypass"/>) a spike
    /// time falls beyond the last time step; snnTorch refuses both.
    /// </exception>
    public static void Encode(ReadOnlySpan<float> data, Span<float> spikes, LatencyParameters parameters)
    {
        var p = parameters;
        var n = data.Length;
        SpikeTrainShape.Check(spikes.Length, p.TimeSteps, n, nameof(spikes));
        var bad = p.ClampToUnitInterval
            ? data.IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity)
            : data.IndexOfAnyExceptInRange(0f, 1f);
        if (bad >= 0)
            throw new ArgumentOutOfRangeException(nameof(data), data[bad],
                $"Element {bad} is {data[bad]}; latency coding needs inputs in [0, 1] (or, with {nameof(p.ClampToUnitInterval)}, not NaN).");

        var maxTime = float.NegativeInfinity;
        var maxShifted = float.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            var time = RawSpikeTime(Input(data, i, p), p);
            maxTime = MathF.Max(maxTime, time);
            maxShifted = MathF.Max(maxShifted, time - p.FirstSpikeTime);
        }

        var normalizeLog = p.Normalize && !p.Linear;
        if (normalizeLog)
            maxTime = Normalize(maxTime, maxShifted, p);
        if (n > 0 && !p.Bypass && MathF.Round(maxTime) > p.TimeSteps - 1)
            throw new ArgumentOutOfRangeException(nameof(data), maxTime,
                $"The latest spike time ({MathF.Round(maxTime)}) is beyond the last of {p.TimeSteps} time steps ({p.TimeSteps - 1}); " +
                $"set {nameof(p.Normalize)} = true, decrease {nameof(p.Tau)}, increase {nameof(p.TimeSteps)}, or set {nameof(p.Bypass)} = true to drop late spikes.");

        spikes.Clear();
        for (var i = 0; i < n; i++)
        {
            var x = Input(data, i, p);
            var time = RawSpikeTime(x, p);
            if (normalizeLog)
                time = Normalize(time, maxShifted, p);
            var step = MathF.Round(time);
            var belowThreshold = x < (float)p.Threshold;
            if (step > p.TimeSteps - 1 || (p.Clip && belowThreshold))
                continue;
            spikes[(int)step * n + i] = 1f;
        }
    }

    private static float Input(ReadOnlySpan<float> data, int i, LatencyParameters p) =>
        p.ClampToUnitInterval ? Math.Clamp(data[i], 0f, 1f) : data[i];

    // Spike time before normalisation of the RC mode (the linear mode normalises through τ).
    private static float RawSpikeTime(float x, LatencyParameters p)
    {
        if (p.Linear)
        {
            double tau = p.Normalize ? p.TimeSteps - 1 - p.FirstSpikeTime : p.Tau;
            // The bound is a Python scalar (double) converted once; the rest is float32 arithmetic.
            var latest = (float)(-tau * (p.Threshold - 1));
            return MathF.Min((float)-tau * (x - 1f), latest) + p.FirstSpikeTime;
        }

        // Inputs below threshold saturate just above it (they fire last).
        var clamped = MathF.Max(x, (float)(p.Threshold + p.Epsilon));
        var time = (float)p.Tau * MathF.Log(clamped / (clamped - (float)p.Threshold));
        return p.FirstSpikeTime > 0 ? time + p.FirstSpikeTime : time;
    }

    private static float Normalize(float time, float maxShifted, LatencyParameters p) =>
        (time - p.FirstSpikeTime) * (p.TimeSteps - p.FirstSpikeTime - 1) / maxShifted + p.FirstSpikeTime;
}
