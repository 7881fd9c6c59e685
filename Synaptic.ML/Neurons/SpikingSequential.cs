using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// Runs a stack of layers (typically Linear → Leaky → Linear → Leaky) over a time-first input, one step at a
/// time, and records the last layer's spikes and membrane for decoding and backpropagation through time.
/// </summary>
/// <remarks>
/// Every <see cref="SpikingNeuron"/> in the stack is reset before a sequence, so consecutive calls are
/// independent. Stateless layers (Linear, Conv2d, Flatten, ...) are applied at every step.
/// </remarks>
public sealed class SpikingSequential : nn.Module<Tensor, SpikingOutput>
{
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly SpikingNeuron _output;

    /// <summary>Creates the stack.</summary>
    /// <param name="layers">The layers in order; the last must be a <see cref="SpikingNeuron"/>.</param>
    /// <exception cref="ArgumentException">No layers are given, one is <see langword="null"/>, or the last is not a spiking neuron.</exception>
    public SpikingSequential(params nn.Module<Tensor, Tensor>[] layers) : base(nameof(SpikingSequential))
    {
        TorchRuntime.EnsureAvailable();
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
            throw new ArgumentException("At least one layer is required.", nameof(layers));
        for (var i = 0; i < layers.Length; i++)
        {
            if (layers[i] is null)
                throw new ArgumentException($"Layer {i} is null.", nameof(layers));
        }
        _output = layers[^1] as SpikingNeuron
            ?? throw new ArgumentException($"The last layer must be a spiking neuron, got {layers[^1].GetType().Name}.", nameof(layers));
        _layers = layers.ToArray();
        for (var i = 0; i < _layers.Length; i++)
            register_module(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
    }

    /// <summary>Gets the layers in order.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Layers => _layers;

    /// <summary>Runs the stack over every time step of <paramref name="input"/>.</summary>
    /// <param name="input">Time-first input [T, B, ...] with T ≥ 1.</param>
    /// <returns>The last layer's spikes and membrane, each [T, B, N].</returns>
    /// <exception cref="ArgumentException">The input has fewer than two dimensions or no time steps.</exception>
    public override SpikingOutput forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() < 2 || input.shape[0] == 0)
            throw new ArgumentException($"The input must be time-first [T, B, ...] with T ≥ 1, got shape [{string.Join(", ", input.shape)}].", nameof(input));
        foreach (var neuron in _layers.OfType<SpikingNeuron>())
            neuron.ResetState();

        var steps = (int)input.shape[0];
        var spikes = new Tensor[steps];
        var membranes = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var x = input[t];
            foreach (var layer in _layers)
                x = layer.forward(x);
            spikes[t] = x;
            membranes[t] = _output.Membrane!;
        }
        return new SpikingOutput(stack(spikes), stack(membranes));
    }
}
