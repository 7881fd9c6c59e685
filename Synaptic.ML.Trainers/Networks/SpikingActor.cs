using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The spiking actor of <see cref="SpikingPolicyOptions"/>: encoding → (Linear → spiking layer) × hidden →
/// Linear → leaky output neurons, run for T steps from a zero state for every batch of observations.
/// </summary>
internal sealed class SpikingActor : nn.Module<Tensor, Tensor>, ISpikingNetwork
{
    private readonly ModuleList<Linear> _layers = new();
    private readonly ModuleList<SpikingNeuron> _neurons = new();
    private readonly Tensor? _centers;
    private readonly Tensor? _inverseWidth;
    private readonly Tensor? _rateLow;
    private readonly Tensor? _rateScale;
    private readonly int _timeSteps;
    private readonly SpikingEncoding _encoding;
    private readonly SpikingReadout _readout;
    private readonly int[] _hiddenSizes;

    public SpikingActor(SpikingPolicyOptions options, int observationSize, int outputSize, Generator generator) : base(nameof(SpikingActor))
    {
        _timeSteps = options.TimeSteps;
        _encoding = options.Encoding;
        _readout = options.Readout;
        _hiddenSizes = [.. options.HiddenSizes];

        var width = observationSize;
        if (_encoding == SpikingEncoding.Population)
        {
            (_centers, _inverseWidth) = SpikeGeneration.ReceptiveFields(options.ObservationLow!, options.ObservationHigh!, options.PopulationSize);
            width = observationSize * options.PopulationSize;
        }
        else if (_encoding == SpikingEncoding.Rate)
        {
            var low = options.ObservationLow!;
            var scale = new float[observationSize];
            for (var i = 0; i < observationSize; i++)
                scale[i] = 1f / (options.ObservationHigh![i] - low[i]);
            _rateLow = Tensors.Copy(low, low.Length);
            _rateScale = Tensors.Copy(scale, scale.Length);
        }

        var surrogate = new FastSigmoid(options.SurrogateSlope);
        foreach (var size in options.HiddenSizes)
        {
            _layers.Add(LayerInitialization.Linear(width, size, LayerInitialization.HiddenGain, generator));
            _neurons.Add(SpikingNeurons.Create(options.Neuron, options.Alpha, options.Beta, options.Threshold, surrogate));
            width = size;
        }
        _layers.Add(LayerInitialization.Linear(width, outputSize, LayerInitialization.OutputGain, generator));
        _neurons.Add(new Leaky(options.Beta, options.Threshold,
            _readout == SpikingReadout.MeanMembrane ? ResetMechanism.None : ResetMechanism.Subtract, surrogate));
        foreach (var neuron in _neurons)
            neuron.ValidateInput = false;
        RegisterComponents();
    }

    /// <inheritdoc/>
    public int SpikingLayers => _neurons.Count;

    /// <inheritdoc/>
    public SpikeMonitor? Monitor { get; set; }

    public override Tensor forward(Tensor observations) => Run(observations, null);

    /// <summary>The hidden layers' sizes, first to last (the output neurons are not hidden).</summary>
    public IReadOnlyList<int> HiddenSizes => _hiddenSizes;

    /// <summary>The number of simulation steps per decision, T.</summary>
    public int TimeSteps => _timeSteps;

    /// <summary>
    /// The forward pass with each hidden layer's spikes kept: <paramref name="hiddenSpikes"/>[t] receives the spikes
    /// [B, N] of every hidden layer, first to last, at step t. The same operations as <see cref="forward"/>.
    /// </summary>
    internal Tensor Run(Tensor observations, List<Tensor[]>? hiddenSpikes)
    {
        var monitor = Monitor;
        foreach (var neuron in _neurons)
            neuron.ResetState();
        var input = Encode(observations);
        var constantCurrent = _encoding == SpikingEncoding.Rate ? null : _layers[0].forward(input);
        // Rate spikes draw from a stream keyed by the observation, so the policy stays a function of its input.
        var spikes = _encoding == SpikingEncoding.Rate ? SpikeGeneration.Rate(input, KeyedNoise.For(observations, _timeSteps)) : null;
        var output = _neurons[^1];
        Tensor? sum = null;
        for (var t = 0; t < _timeSteps; t++)
        {
            var current = constantCurrent ?? _layers[0].forward(spikes![t]);
            var hidden = hiddenSpikes is null ? null : new Tensor[_layers.Count - 1];
            var x = _neurons[0].forward(current);
            monitor?.AddStep(0, t, x);
            for (var l = 1; l < _layers.Count; l++)
            {
                if (hidden is not null)
                    hidden[l - 1] = x;
                x = _neurons[l].forward(_layers[l].forward(x));
                monitor?.AddStep(l, t, x);
            }
            if (hidden is not null)
                hiddenSpikes!.Add(hidden);
            var term = _readout == SpikingReadout.MeanMembrane ? output.Membrane! : x;
            sum = sum is null ? term : sum + term;
        }
        monitor?.EndForward();
        return _readout == SpikingReadout.MeanMembrane ? sum! / _timeSteps : sum!;
    }

    /// <summary>The input of the first layer: the observation, its receptive-field responses, or its firing probabilities (clamped by the rate code).</summary>
    private Tensor Encode(Tensor observations) => _encoding switch
    {
        SpikingEncoding.Population => SpikeGeneration.Population(observations, _centers!, _inverseWidth!),
        SpikingEncoding.Rate => (observations - _rateLow!) * _rateScale!,
        _ => observations,
    };
}
