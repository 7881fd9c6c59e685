using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Counts the spikes of a spiking network's layers over the forward passes made while it watches
/// (<see cref="Watch"/>), and gives each layer's firing rate and fraction of silent neurons
/// (<see cref="MetricKeys.SpikeRate"/>, <see cref="MetricKeys.SpikeSilentFraction"/>). Trainers watch their
/// gradient passes only, so the counts are of the spikes the update learned from; acting, evaluation and scoring are
/// not counted.
/// </summary>
/// <remarks>
/// The counts are reductions of spike tensors the forward pass computed anyway, made without gradient, once per layer
/// and forward pass (not per time step): the weights, the graph and every draw stay what they are unwatched.
/// </remarks>
internal sealed class SpikeMonitor : IDisposable
{
    private readonly ISpikingNetwork _network;
    private readonly Tensor?[] _counts;
    private readonly long[] _samples;
    private readonly Tensor?[][] _steps;
    private readonly int[] _stepCounts;
    private readonly string[] _rateKeys;
    private readonly string[] _silentKeys;

    // Held in fields so that no temporary Scalar is finalized during a native call (CollectorPause says why).
    private readonly Scalar _one = 1.ToScalar();
    private readonly Scalar _zero = 0.ToScalar();

    private SpikeMonitor(ISpikingNetwork network)
    {
        _network = network;
        var layers = network.SpikingLayers;
        _counts = new Tensor?[layers];
        _samples = new long[layers];
        _steps = new Tensor?[layers][];
        _stepCounts = new int[layers];
        _rateKeys = new string[layers];
        _silentKeys = new string[layers];
        for (var l = 0; l < layers; l++)
        {
            _steps[l] = [];
            _rateKeys[l] = MetricKeys.SpikeRate(l);
            _silentKeys[l] = MetricKeys.SpikeSilentFraction(l);
        }
    }

    /// <summary>A monitor of the spiking network <paramref name="network"/> is or holds, or null when it has none (an MLP, a convolutional or custom network).</summary>
    public static SpikeMonitor? For(nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        // TorchSharp's modules() lists the descendants only.
        return network.modules().Prepend(network).OfType<ISpikingNetwork>().FirstOrDefault() is { } spiking ? new SpikeMonitor(spiking) : null;
    }

    /// <summary>Layers of spiking neurons.</summary>
    public int Layers => _counts.Length;

    /// <summary>Counts the forward passes of the network until the result is disposed.</summary>
    public Watching Watch()
    {
        _network.Monitor = this;
        return new Watching(this);
    }

    /// <summary>
    /// Keeps the spikes [B, neurons…] of <paramref name="layer"/> at step <paramref name="t"/> of a stepped forward pass, to
    /// count at <see cref="EndForward"/>: a reference into an array reused from one pass to the next, no TorchSharp call.
    /// </summary>
    public void AddStep(int layer, int t, Tensor spikes)
    {
        var steps = _steps[layer];
        if (t >= steps.Length)
        {
            Array.Resize(ref steps, t + 1);
            _steps[layer] = steps;
        }
        steps[t] = spikes;
        _stepCounts[layer] = Math.Max(_stepCounts[layer], t + 1);
    }

    /// <summary>Counts the steps kept by <see cref="AddStep"/> since the last call (one stacked reduction per layer), and lets them go.</summary>
    public void EndForward()
    {
        for (var l = 0; l < _steps.Length; l++)
        {
            var count = _stepCounts[l];
            if (count == 0)
                continue;
            var steps = new Tensor[count];
            for (var t = 0; t < count; t++)
                steps[t] = _steps[l][t] ?? throw new InvalidOperationException($"Spiking layer {l} has no spikes for step {t} of {count}.");
            using (var all = stack(steps))
                Add(l, all);
            Array.Clear(_steps[l]);
            _stepCounts[l] = 0;
        }
    }

    /// <summary>Counts the spikes [T, B, neurons…] of <paramref name="layer"/> over a whole forward pass.</summary>
    public void Add(int layer, Tensor spikes)
    {
        using var noGrad = no_grad();
        using var perNeuron = spikes.sum([0, 1], type: ScalarType.Float64);
        var counts = _counts[layer];
        if (counts is null)
            _counts[layer] = counts = zeros_like(perNeuron).DetachFromDisposeScope();
        counts.add_(perNeuron, _one);
        _samples[layer] += spikes.shape[0] * spikes.shape[1];
    }

    /// <summary>
    /// Each counted layer's firing rate (spikes ÷ (neurons × rows × time steps)) and fraction of neurons that never fired,
    /// since the last call; the counts start again from zero. Layers with no forward pass counted are left out.
    /// </summary>
    public IReadOnlyList<(int Layer, double Rate, double SilentFraction)> Collect()
    {
        var results = new List<(int, double, double)>(_counts.Length);
        using var noGrad = no_grad();
        for (var l = 0; l < _counts.Length; l++)
        {
            if (_counts[l] is not { } counts || _samples[l] == 0)
                continue;
            var neurons = counts.numel();
            using var total = counts.sum();
            using var zero = counts.eq(_zero);
            using var silentCount = zero.sum();
            var spikes = total.item<double>();
            var silent = silentCount.item<long>();
            results.Add((l, spikes / ((double)neurons * _samples[l]), (double)silent / neurons));
            counts.zero_();
            _samples[l] = 0;
        }
        return results;
    }

    /// <summary>Records <see cref="Collect"/>'s results in the run's current iteration.</summary>
    public void Record(TrainingRun run)
    {
        foreach (var (layer, rate, silent) in Collect())
        {
            run.Record(_rateKeys[layer], rate);
            run.Record(_silentKeys[layer], silent);
        }
    }

    /// <summary>Stops watching and frees the counts.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(_network.Monitor, this))
            _network.Monitor = null;
        for (var l = 0; l < _counts.Length; l++)
        {
            _counts[l]?.Dispose();
            _counts[l] = null;
            Array.Clear(_steps[l]);
            _stepCounts[l] = 0;
        }
        _one.Dispose();
        _zero.Dispose();
    }

    /// <summary>The network is watched until this is disposed.</summary>
    internal readonly struct Watching(SpikeMonitor monitor) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(monitor._network.Monitor, monitor))
                monitor._network.Monitor = null;
        }
    }
}
