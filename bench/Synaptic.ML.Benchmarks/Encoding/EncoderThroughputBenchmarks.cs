using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Encoding;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Benchmarks;

/// <summary>
/// Encoder throughput on 784-dimensional rows (an MNIST image) with T = 25: the kernels on one
/// row, and the ML.NET transforms over a 1,024-row IDataView (cursor, getters and all).
/// </summary>
[MemoryDiagnoser]
public class EncoderThroughputBenchmarks
{
    private const int Neurons = 784;
    private const int Steps = 25;
    private const int Rows = 1024;

    private readonly float[] _row = new float[Neurons];
    private readonly float[] _spikes = new float[Steps * Neurons];
    private readonly float[] _sequence = new float[Steps * Neurons];
    private readonly LatencyParameters _latency = new() { TimeSteps = Steps, Tau = 5, Normalize = true };
    private readonly PopulationParameters _population = new() { TimeSteps = Steps, NeuronsPerInput = 4, Min = 0, Max = 1 };
    private readonly float[] _populationSpikes = new float[Steps * 196 * 4];
    private SplitMix64 _random = new(1);
    private IDataView _data = null!;
    private ITransformer _rateTransform = null!;
    private ITransformer _latencyTransform = null!;

    private sealed class Image
    {
        [VectorType(Neurons)]
        public float[] Pixels { get; set; } = [];
    }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        for (var i = 0; i < Neurons; i++)
            _row[i] = (float)random.NextDouble();
        for (var i = 0; i < _sequence.Length; i++)
            _sequence[i] = (float)random.NextDouble();

        var ml = new MLContext(seed: 0);
        var images = Enumerable.Range(0, Rows)
            .Select(_ => new Image { Pixels = Enumerable.Range(0, Neurons).Select(_ => (float)random.NextDouble()).ToArray() })
            .ToArray();
        _data = ml.Data.Cache(ml.Data.LoadFromEnumerable(images));
        _rateTransform = ml.Synaptic().Transforms.EncodeRate("Spikes", "Pixels", timeSteps: Steps).Fit(_data);
        _latencyTransform = ml.Synaptic().Transforms.EncodeLatency("Spikes", "Pixels", _latency).Fit(_data);
    }

    [Benchmark(Description = "Rate kernel, 1 row")]
    public void RateKernel() => RateEncoder.Encode(_row, _spikes, Steps, 1f, 0f, ref _random);

    [Benchmark(Description = "Latency kernel, 1 row")]
    public void LatencyKernel() => LatencyEncoder.Encode(_row, _spikes, _latency);

    [Benchmark(Description = "Delta kernel, 1 row")]
    public void DeltaKernel() => DeltaEncoder.Encode(_sequence, _spikes, Steps, 0.1f, false, true);

    [Benchmark(Description = "Population kernel (196 inputs x 4), 1 row")]
    public void PopulationKernel() => PopulationEncoder.Encode(_row.AsSpan(0, 196), _populationSpikes, _population, ref _random);

    [Benchmark(Description = "EncodeRate transform, 1024 rows")]
    public float RateTransform() => Consume(_rateTransform.Transform(_data));

    [Benchmark(Description = "EncodeLatency transform, 1024 rows")]
    public float LatencyTransform() => Consume(_latencyTransform.Transform(_data));

    private static float Consume(IDataView view)
    {
        var column = view.Schema["Spikes"];
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        var total = 0f;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            total += buffer.GetValues()[0];
        }
        return total;
    }
}
