using System.Text.Json;
using Synaptic.ML.Encoding;
using Synaptic.ML.Neurons;
using Synaptic.ML.Randomness;
using Synaptic.ML.Tests.Encoding;
using Synaptic.ML.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

/// <summary>
/// The tensor spike generators against snnTorch's recorded spike trains and against the managed encoders of
/// <c>Synaptic.ML.Encoding</c>, which were checked against snnTorch independently.
/// </summary>
[TestClass]
public sealed class SpikeGenerationTests
{
    public static IEnumerable<object[]> LatencyCases() =>
        ReferenceData.Cases("snntorch", "spikegen.json")
            .Where(c => c.Case.GetProperty("encoder").GetString() == "latency")
            .Select(c => new object[] { c.Label, c.Case.GetRawText() });

    [TestMethod]
    [DynamicData(nameof(LatencyCases))]
    public void LatencyMatchesSnnTorch(string label, string json)
    {
        using var document = JsonDocument.Parse(json);
        var testCase = document.RootElement;
        var shape = ReferenceData.Shape(testCase.GetProperty("data")).Select(d => (long)d).ToArray();
        using var data = tensor(ReferenceData.FlattenSingles(testCase.GetProperty("data")), shape);
        var parameters = SpikegenParityTests.LatencyFrom(testCase.GetProperty("args"));
        if (testCase.TryGetProperty("error", out var error))
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeGeneration.Latency(data, parameters), $"{label}: snnTorch said '{error.GetString()}'.");
            return;
        }
        using var spikes = SpikeGeneration.Latency(data, parameters);
        CollectionAssert.AreEqual(new long[] { parameters.TimeSteps }.Concat(shape).ToArray(), spikes.shape, label);
        CollectionAssert.AreEqual(ReferenceData.FlattenSingles(testCase.GetProperty("spikes")), spikes.data<float>().ToArray(), $"{label}: spikes differ from snnTorch.");
    }

    [TestMethod]
    public void LatencyGivesTheManagedEncodersSpikesForEveryOption()
    {
        var random = new SplitMix64(5);
        var data = Enumerable.Range(0, 40).Select(_ => random.NextSingle()).Append(0f).Append(1f).Append(0.004f).ToArray();
        var compared = 0;
        foreach (var linear in new[] { false, true })
            foreach (var normalize in new[] { false, true })
                foreach (var clip in new[] { false, true })
                    foreach (var first in new[] { 0, 3 })
                        foreach (var (tau, bypass) in new[] { (1.0, false), (5.0, true) })
                        {
                            var p = new LatencyParameters { TimeSteps = 20, Threshold = 0.05, Tau = tau, FirstSpikeTime = first, Clip = clip, Normalize = normalize, Linear = linear, Bypass = bypass };
                            var expected = new float[p.TimeSteps * data.Length];
                            LatencyEncoder.Encode(data, expected, p);
                            using var spikes = SpikeGeneration.Latency(tensor(data), p);
                            CollectionAssert.AreEqual(expected, spikes.data<float>().ToArray(), p.ToString());
                            compared++;
                        }
        Assert.AreEqual(32, compared);
    }

    [TestMethod]
    public void LatencyRefusesInputsOutsideTheUnitIntervalAndLateSpikes()
    {
        var outside = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeGeneration.Latency(tensor(new[] { 0.5f, 1.5f }), new LatencyParameters()));
        StringAssert.Contains(outside.Message, "Element [1]");
        // τ = 5 puts the spike of an input just above the threshold after step 24.
        var late = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SpikeGeneration.Latency(tensor(new[] { 0.02f }), new LatencyParameters { Tau = 50 }));
        StringAssert.Contains(late.Message, nameof(LatencyParameters.Bypass));
    }

    [TestMethod]
    public void RateWithTheSameUniformDrawsGivesTheManagedEncodersSpikes()
    {
        float[] values = [-0.5f, 0f, 0.1f, 0.25f, 0.5f, 0.75f, 0.999f, 1f, 2f];
        const int steps = 64;
        var expected = new float[steps * values.Length];
        var random = new SplitMix64(17);
        RateEncoder.Encode(values, expected, steps, gain: 1, offset: 0, ref random);

        // The managed encoder draws step by step, element by element: the same order as a row-major [T, N] tensor.
        var draws = new SplitMix64(17);
        var uniform = new float[steps * values.Length];
        for (var i = 0; i < uniform.Length; i++)
            uniform[i] = draws.NextSingle();
        using var spikes = SpikeGeneration.Rate(tensor(values), tensor(uniform, [steps, values.Length]));
        CollectionAssert.AreEqual(expected, spikes.data<float>().ToArray());
    }

    [TestMethod]
    public void RateFiresWithTheClampedProbabilityAndRepeatsForASeed()
    {
        using var data = tensor(new[] { -1f, 0f, 0.2f, 0.7f, 1f, 3f });
        const int steps = 20_000;
        using var first = SpikeGeneration.Rate(data, steps, new Generator(3));
        using var second = SpikeGeneration.Rate(data, steps, new Generator(3));
        CollectionAssert.AreEqual(new long[] { steps, 6 }, first.shape);
        CollectionAssert.AreEqual(first.data<float>().ToArray(), second.data<float>().ToArray(), "The same generator seed gives the same spikes.");
        var rates = first.mean([0]).data<float>().ToArray();
        float[] expected = [0f, 0f, 0.2f, 0.7f, 1f, 1f];
        for (var i = 0; i < rates.Length; i++)
        {
            // Four standard deviations of a mean of 20,000 Bernoulli draws (0 for certain outcomes).
            var tolerance = 4 * Math.Sqrt(expected[i] * (1 - expected[i]) / steps);
            Assert.AreEqual(expected[i], rates[i], tolerance, $"element {i}");
        }
    }

    [TestMethod]
    public void RateRefusesDrawsOfTheWrongShape()
    {
        var thrown = Assert.ThrowsExactly<ArgumentException>(() => SpikeGeneration.Rate(zeros(2, 3), zeros(4, 3, 2)));
        StringAssert.Contains(thrown.Message, "[4, 3, 2]");
        StringAssert.Contains(thrown.Message, "[T, 2, 3]");
    }

    [TestMethod]
    public void PopulationResponsesAreTheManagedReceptiveFields()
    {
        float[] low = [-2f, 0f, 10f];
        float[] high = [2f, 1f, 12f];
        const int size = 5;
        float[] observations = [-2f, 0.3f, 11f, 1.1f, 1f, 9f, 0f, -4f, 12.5f];
        var (centers, inverseWidths) = SpikeGeneration.ReceptiveFields(low, high, size);
        using var responses = SpikeGeneration.Population(tensor(observations, [3, 3]), centers, inverseWidths);
        CollectionAssert.AreEqual(new long[] { 3, 3 * size }, responses.shape);
        var actual = responses.data<float>().ToArray();
        for (var b = 0; b < 3; b++)
            for (var d = 0; d < 3; d++)
                for (var k = 0; k < size; k++)
                {
                    var expected = PopulationEncoder.Response(observations[b * 3 + d], k, size, low[d], high[d], width: 1f);
                    Assert.AreEqual(expected, actual[b * 3 * size + d * size + k], 1e-6f, $"row {b}, element {d}, neuron {k}");
                }
    }

    [TestMethod]
    public void ReceptiveFieldsRefuseAReversedRange()
    {
        var thrown = Assert.ThrowsExactly<ArgumentException>(() => SpikeGeneration.ReceptiveFields([0f, 1f], [1f, 1f], 4));
        StringAssert.Contains(thrown.Message, "Element 1");
    }
}
