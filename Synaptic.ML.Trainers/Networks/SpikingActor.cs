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
internal sealed class SpikingActor : nn.Module<Tensor, Tensor>
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

    public SpikingActor(SpikingPolicyOptions options, int observationSize, int outputSize, Generator generator) : base(nameof(SpikingActor))
    {
        _timeSteps = options.TimeSteps;
        _encoding = options.Encoding;
        _readout = options.Readout;

        var width = observationSize;
        if (_encoding == SpikingEncoding.Population)
        {
            var p = options.PopulationSize;
            var low = options.ObservationLow!;
            var high = options.ObservationHigh!;
            var centers = new float[observationSize * p];
            var inverseWidth = new float[observationSize];
            for (var i = 0; i < observationSize; i++)
            {
                var spacing = (high[i] - low[i]) / (p - 1);
                inverseWidth[i] = 1f / spacing;
                for (var j = 0; j < p; j++)
                    centers[i * p + j] = low[i] + j * spacing;
            }
            _centers = Tensors.Copy(centers, observationSize, p);
            _inverseWidth = Tensors.Copy(inverseWidth, observationSize, 1);
            width = observationSize * p;
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
            _neurons.Add(CreateNeuron(options, surrogate));
            width = size;
        }
        _layers.Add(LayerInitialization.Linear(width, outputSize, 0.01, generator));
        _neurons.Add(new Leaky(options.Beta, options.Threshold,
            _readout == SpikingReadout.MeanMembrane ? ResetMechanism.None : ResetMechanism.Subtract, surrogate));
        foreach (var neuron in _neurons)
            neuron.ValidateInput = false;
        RegisterComponents();
    }

    public override Tensor forward(Tensor observations)
    {
        foreach (var neuron in _neurons)
            neuron.ResetState();
        var input = Encode(observations);
        var constantCurrent = _encoding == SpikingEncoding.Rate ? null : _layers[0].forward(input);
        var noise = _encoding == SpikingEncoding.Rate ? KeyedNoise.For(observations, _timeSteps) : null;
        var output = _neurons[^1];
        Tensor? sum = null;
        for (var t = 0; t < _timeSteps; t++)
        {
            var current = constantCurrent ?? _layers[0].forward(noise![t].lt(input).to(ScalarType.Float32));
            var x = _neurons[0].forward(current);
            for (var l = 1; l < _layers.Count; l++)
                x = _neurons[l].forward(_layers[l].forward(x));
            var term = _readout == SpikingReadout.MeanMembrane ? output.Membrane! : x;
            sum = sum is null ? term : sum + term;
        }
        return _readout == SpikingReadout.MeanMembrane ? sum! / _timeSteps : sum!;
    }

    private Tensor Encode(Tensor observations) => _encoding switch
    {
        SpikingEncoding.Population => PopulationResponses(observations),
        SpikingEncoding.Rate => ((observations - _rateLow!) * _rateScale!).clamp(0, 1),
        _ => observations,
    };

    private Tensor PopulationResponses(Tensor observations)
    {
        // exp(−½ ((x − c) / w)²) for every element and receptive field, flattened to [B, D·P].
        var distance = (observations.unsqueeze(2) - _centers!) * _inverseWidth!;
        return (distance.square() * -0.5).exp().flatten(1);
    }

    private static SpikingNeuron CreateNeuron(SpikingPolicyOptions options, SurrogateGradient surrogate) => options.Neuron switch
    {
        SpikingNeuronKind.Synaptic => new SynapticNeuron(options.Alpha, options.Beta, options.Threshold, surrogate: surrogate),
        SpikingNeuronKind.Alpha => new Alpha(options.Alpha, options.Beta, options.Threshold, surrogate: surrogate),
        _ => new Leaky(options.Beta, options.Threshold, surrogate: surrogate),
    };
}
