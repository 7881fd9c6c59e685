using Synaptic.ML.Torch;
using Synaptic.ML.Encoding;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// Spike generation over tensors, as snnTorch's <c>spikegen</c>: rate (Bernoulli) coding, population coding with
/// Gaussian receptive fields, and latency (time-to-first-spike) coding. Spike trains have the time steps as a
/// new leading dimension, [T, ...data.shape], ready to be fed to a spiking layer one step at a time.
/// </summary>
/// <remarks>
/// These are the tensor twins of the managed encoders in <c>Synaptic.ML.Encoding</c>: given the same uniform
/// draws, <see cref="Rate(Tensor, Tensor)"/> gives the spikes of <see cref="RateEncoder"/>, and
/// <see cref="Latency"/> gives those of <see cref="LatencyEncoder"/> (and of snnTorch) bit for bit.
/// </remarks>
/// <example>
/// <code>
/// using var spikes = SpikeGeneration.Rate(images, timeSteps: 10, generator);   // [10, B, 1, H, W]
/// for (var t = 0; t &lt; 10; t++)
///     output = layer.forward(spikes[t]);
/// </code>
/// </example>
public static class SpikeGeneration
{
    /// <summary>
    /// Rate coding (snnTorch's <c>spikegen.rate</c>): at each of <paramref name="timeSteps"/> steps every element
    /// spikes with probability clamp(data, 0, 1), independently.
    /// </summary>
    /// <param name="data">Firing probabilities, any shape.</param>
    /// <param name="timeSteps">Number of time steps T.</param>
    /// <param name="generator">Source of the draws; <see langword="null"/> uses TorchSharp's global generator.</param>
    /// <returns>Spikes (0 or 1, float32) [T, ...data.shape].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeSteps"/> is not positive.</exception>
    public static Tensor Rate(Tensor data, int timeSteps, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeSteps);
        using var uniform = rand([timeSteps, .. data.shape], dtype: ScalarType.Float32, device: data.device, generator: generator);
        return Rate(data, uniform);
    }

    /// <summary>
    /// Rate coding with draws supplied by the caller: an element spikes at step t when uniform[t] &lt;
    /// clamp(data, 0, 1), so uniform draws on [0, 1) give Bernoulli(clamp(data, 0, 1)) spikes. Use it when the
    /// draws must come from elsewhere, e.g. from a stream keyed by the input so that one input always gives the
    /// same spike train.
    /// </summary>
    /// <param name="data">Firing probabilities, any shape.</param>
    /// <param name="uniform">Draws on [0, 1), [T, ...data.shape].</param>
    /// <returns>Spikes (0 or 1, float32) [T, ...data.shape].</returns>
    /// <exception cref="ArgumentException">The draws' shape is not [T, ...data.shape].</exception>
    public static Tensor Rate(Tensor data, Tensor uniform)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(uniform);
        if (uniform.dim() != data.dim() + 1 || !uniform.shape.AsSpan(1).SequenceEqual(data.shape))
            throw new ArgumentException(
                $"The uniform draws have shape [{string.Join(", ", uniform.shape)}]; rate coding of data [{string.Join(", ", data.shape)}] needs [T, {string.Join(", ", data.shape)}].",
                nameof(uniform));
        using var scope = NewDisposeScope();
        return uniform.lt(data.clamp(0, 1).unsqueeze(0)).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Gaussian receptive fields for population coding (Bohte, Kok and La Poutré, 2002): element i is seen by
    /// <paramref name="size"/> neurons whose centres are evenly spaced over [low[i], high[i]], each as wide as the
    /// spacing between centres.
    /// </summary>
    /// <param name="low">Lower end of each element's range (the first centre).</param>
    /// <param name="high">Upper end of each element's range (the last centre).</param>
    /// <param name="size">Neurons per element, at least 2.</param>
    /// <returns>The centres [D, size] and the inverse widths [D, 1], for <see cref="Population"/>.</returns>
    /// <exception cref="ArgumentException">The ranges disagree in length or one is empty, reversed or not finite.</exception>
    public static (Tensor Centers, Tensor InverseWidths) ReceptiveFields(ReadOnlySpan<float> low, ReadOnlySpan<float> high, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        if (low.Length != high.Length)
            throw new ArgumentException($"low has {low.Length} values and high {high.Length}; receptive fields need one range per element.", nameof(high));
        var count = low.Length;
        var centers = new float[count * size];
        var inverseWidths = new float[count];
        for (var i = 0; i < count; i++)
        {
            if (!(high[i] > low[i]) || !float.IsFinite(low[i]) || !float.IsFinite(high[i]))
                throw new ArgumentException($"Element {i}: the range [{low[i]}, {high[i]}] must be finite with high > low.", nameof(high));
            var spacing = (high[i] - low[i]) / (size - 1);
            inverseWidths[i] = 1f / spacing;
            for (var j = 0; j < size; j++)
                centers[i * size + j] = low[i] + j * spacing;
        }
        return (Tensors.Copy(centers, count, size), Tensors.Copy(inverseWidths, count, 1));
    }

    /// <summary>
    /// Population coding: the response exp(−½((x − c)·w⁻¹)²) of every receptive field to every element, in
    /// (0, 1]. The responses can drive a spiking layer as a current, or become spikes through
    /// <see cref="Rate(Tensor, int, Generator?)"/>.
    /// </summary>
    /// <param name="data">Inputs [B, D].</param>
    /// <param name="centers">Centres [D, P] from <see cref="ReceptiveFields"/>.</param>
    /// <param name="inverseWidths">Inverse widths [D, 1] from <see cref="ReceptiveFields"/>.</param>
    /// <returns>Responses [B, D·P]; neuron d·P + p sees element d.</returns>
    /// <exception cref="ArgumentException">The inputs do not have the D elements of the receptive fields.</exception>
    public static Tensor Population(Tensor data, Tensor centers, Tensor inverseWidths)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentNullException.ThrowIfNull(inverseWidths);
        if (data.dim() != 2 || centers.dim() != 2 || data.shape[1] != centers.shape[0])
            throw new ArgumentException(
                $"Population coding takes data [B, D] and centres [D, P]; got data [{string.Join(", ", data.shape)}] and centres [{string.Join(", ", centers.shape)}].",
                nameof(data));
        using var scope = NewDisposeScope();
        var distance = (data.unsqueeze(2) - centers) * inverseWidths;
        return (distance.square() * -0.5).exp().flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Latency coding (snnTorch's <c>spikegen.latency</c>): every element fires once, stronger inputs earlier, at
    /// the time an RC circuit charged by the input reaches the threshold (or τ·(1 − x) in linear mode). As in
    /// snnTorch, normalisation stretches over the whole tensor.
    /// </summary>
    /// <param name="data">Inputs in [0, 1], any shape.</param>
    /// <param name="parameters">The code's parameters, named as snnTorch's.</param>
    /// <returns>Spikes (0 or 1, float32) [T, ...data.shape].</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A parameter snnTorch refuses, an input outside [0, 1], or (unless <see cref="LatencyParameters.Bypass"/>)
    /// a spike after the last time step.
    /// </exception>
    public static Tensor Latency(Tensor data, LatencyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(data);
        LatencyEncoder.Validate(parameters);
        var p = parameters;
        using var scope = NewDisposeScope();
        var x = data.to(ScalarType.Float32);
        var outside = (x.lt(0f) | x.gt(1f) | x.isnan()).nonzero();
        if (outside.shape[0] > 0)
        {
            var first = outside[0].data<long>().ToArray();
            throw new ArgumentOutOfRangeException(nameof(data), x[first.Select(i => TensorIndex.Single(i)).ToArray()].item<float>(),
                $"Element [{string.Join(", ", first)}] is outside [0, 1]; latency coding needs inputs in [0, 1].");
        }

        var time = SpikeTime(x, p);
        if (p.Normalize && !p.Linear && x.numel() > 0)
        {
            // The latest spike is stretched onto the last step; the same float32 steps as snnTorch.
            var maxShifted = (time - (float)p.FirstSpikeTime).max();
            time = (time - (float)p.FirstSpikeTime) * (float)(p.TimeSteps - p.FirstSpikeTime - 1) / maxShifted + (float)p.FirstSpikeTime;
        }
        var step = time.round();
        if (x.numel() > 0 && !p.Bypass)
        {
            var latest = step.max().item<float>();
            if (latest > p.TimeSteps - 1)
                throw new ArgumentOutOfRangeException(nameof(data), latest,
                    $"The latest spike time ({latest}) is beyond the last of {p.TimeSteps} time steps ({p.TimeSteps - 1}); " +
                    $"set {nameof(p.Normalize)} = true, decrease {nameof(p.Tau)}, increase {nameof(p.TimeSteps)}, or set {nameof(p.Bypass)} = true to drop late spikes.");
        }

        var fires = p.Clip ? x.ge((float)p.Threshold) : ones_like(x, ScalarType.Bool);
        var steps = arange(p.TimeSteps, dtype: ScalarType.Float32, device: x.device).view([p.TimeSteps, .. Enumerable.Repeat(1L, (int)x.dim())]);
        return (steps.eq(step.unsqueeze(0)) & fires.unsqueeze(0)).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    // Spike times before normalisation; the linear code normalises through τ. Scalars enter float32 where
    // PyTorch converts them, as LatencyEncoder does.
    private static Tensor SpikeTime(Tensor x, LatencyParameters p)
    {
        if (p.Linear)
        {
            double tau = p.Normalize ? p.TimeSteps - 1 - p.FirstSpikeTime : p.Tau;
            var latest = (float)(-tau * (p.Threshold - 1));
            return ((x - 1f) * (float)-tau).clamp_max(latest) + (float)p.FirstSpikeTime;
        }

        // Inputs below threshold saturate just above it (they fire last).
        var clamped = x.clamp_min((float)(p.Threshold + p.Epsilon));
        var time = (clamped / (clamped - (float)p.Threshold)).log() * (float)p.Tau;
        return p.FirstSpikeTime > 0 ? time + (float)p.FirstSpikeTime : time;
    }
}
