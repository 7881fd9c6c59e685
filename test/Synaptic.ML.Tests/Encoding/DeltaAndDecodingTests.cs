using Microsoft.ML;
using Synaptic.ML.Encoding;

namespace Synaptic.ML.Tests.Encoding;

[TestClass]
public sealed class DeltaAndDecodingTests
{
    [TestMethod]
    public void DeltaSpikesOnRisesAndOptionallyOnFalls()
    {
        static float[] Delta(float[] x, bool padding, bool offSpike)
        {
            var spikes = new float[x.Length];
            DeltaEncoder.Encode(x, spikes, x.Length, 1f, padding, offSpike);
            return spikes;
        }

        CollectionAssert.AreEqual(new[] { 1f, 1f, 0f, 1f, 0f }, Delta([1, 2, 2.9f, 4, 4.5f], false, false));
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f, 1f, 0f }, Delta([1, 2, 2.9f, 4, 4.5f], true, false));
        CollectionAssert.AreEqual(new[] { 1f, 1f, -1f, 1f, 0f }, Delta([1, 2, 0, 2, 2.9f], false, true));
        CollectionAssert.AreEqual(new[] { 0f, 1f, -1f, 1f, 0f }, Delta([1, 2, 0, 2, 2.9f], true, true));
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, true)]
    public void WideSequencesMatchTheDefinitionElementByElement(bool padding, bool offSpike)
    {
        // Wide enough for the SIMD path plus a scalar tail, with changes on both sides of the threshold.
        const int steps = 9, neurons = 67;
        var random = new Random(5);
        var sequence = Enumerable.Range(0, steps * neurons).Select(_ => (float)random.NextDouble() * 2f).ToArray();
        var spikes = new float[sequence.Length];
        DeltaEncoder.Encode(sequence, spikes, steps, 0.5f, padding, offSpike);
        for (var t = 0; t < steps; t++)
        {
            for (var n = 0; n < neurons; n++)
            {
                var previous = t > 0 ? sequence[(t - 1) * neurons + n] : padding ? sequence[n] : 0f;
                var change = sequence[t * neurons + n] - previous;
                var expected = change >= 0.5f ? 1f : offSpike && change <= -0.5f ? -1f : 0f;
                Assert.AreEqual(expected, spikes[t * neurons + n], $"step {t}, neuron {n}, change {change}");
            }
        }
    }

    [TestMethod]
    public void FlatSequenceColumnsNeedTimeStepsThatDivideTheirSize()
    {
        var ml = new MLContext(seed: 1);
        var flat = VectorData.Load(ml, [[0f, 1f, 0f, 1f, 0f, 1f]], 6);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.EncodeDelta("S", "Features").Fit(flat));
        StringAssert.Contains(error.Message, "two dimensions");

        var bad = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Synaptic().Transforms.EncodeDelta("S", "Features", new DeltaEncodingEstimator.Options { TimeSteps = 4 }).Fit(flat));
        StringAssert.Contains(bad.Message, "6 values");

        var output = ml.Synaptic().Transforms.EncodeDelta("S", "Features", new DeltaEncodingEstimator.Options { TimeSteps = 3, Threshold = 0.5f })
            .Fit(flat).Transform(flat);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0f, 0f, 0f, 0f }, VectorData.Column(output, "S").Single());
    }

    [TestMethod]
    public void DecodeRateCountsSpikesPerNeuron()
    {
        var ml = new MLContext(seed: 1);
        // [T = 4, N = 3]
        float[] train = [1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1];
        var data = VectorData.Load(ml, [train], 4, 3);
        var counts = ml.Synaptic().Transforms.DecodeRate("Counts", "Features", SpikeCountOutput.Count).Fit(data).Transform(data);
        CollectionAssert.AreEqual(new[] { 3f, 0f, 3f }, VectorData.Column(counts, "Counts").Single());
        var rates = ml.Synaptic().Transforms.DecodeRate("Rates", "Features").Fit(data).Transform(data);
        CollectionAssert.AreEqual(new[] { 0.75f, 0f, 0.75f }, VectorData.Column(rates, "Rates").Single());
    }

    [TestMethod]
    public void EncodeThenDecodeRecoversTheRateWithinTheBinomialBound()
    {
        var ml = new MLContext(seed: 4);
        float[] x = [0.1f, 0.5f, 0.8f];
        var data = VectorData.Load(ml, [x], 3);
        var pipeline = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 2000)
            .Append(ml.Synaptic().Transforms.DecodeRate("Rates", "Spikes"));
        var rates = VectorData.Column(pipeline.Fit(data).Transform(data), "Rates").Single();
        for (var i = 0; i < x.Length; i++)
            Assert.AreEqual(x[i], rates[i], 5 * Math.Sqrt(x[i] * (1 - x[i]) / 2000), $"Neuron {i}.");
    }
}
