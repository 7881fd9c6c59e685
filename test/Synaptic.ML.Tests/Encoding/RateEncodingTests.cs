using Microsoft.ML;
using Synaptic.ML.Encoding;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Encoding;

[TestClass]
public sealed class RateEncodingTests
{
    // |count − np| ≤ 5σ: a correct Bernoulli(p) encoder fails this with probability below 1e-6.
    private static void AssertBinomial(int spikes, int trials, double p, string what)
    {
        var mean = trials * p;
        var sigma = Math.Sqrt(trials * p * (1 - p));
        Assert.IsTrue(Math.Abs(spikes - mean) <= 5 * sigma + 1e-9,
            $"{what}: {spikes} spikes in {trials} trials, expected {mean:F1} ± {5 * sigma:F1} (p = {p}).");
    }

    [TestMethod]
    [DataRow(0.05f, 1f)]
    [DataRow(0.3f, 1f)]
    [DataRow(0.5f, 1f)]
    [DataRow(0.45f, 2f)]
    [DataRow(0.9f, 1f)]
    public void SpikeCountsFollowTheBinomialLaw(float x, float gain)
    {
        const int neurons = 200, steps = 100;
        var values = Enumerable.Repeat(x, neurons).ToArray();
        var spikes = new float[steps * neurons];
        var random = new SplitMix64(42);
        RateEncoder.Encode(values, spikes, steps, gain, 0f, ref random);

        var p = Math.Clamp(gain * x, 0, 1);
        AssertBinomial((int)spikes.Sum(), steps * neurons, p, "all neurons");
        // Each neuron separately too: a correct encoder draws independently per neuron.
        for (var n = 0; n < neurons; n += 37)
            AssertBinomial(Enumerable.Range(0, steps).Count(t => spikes[t * neurons + n] == 1f), steps, p, $"neuron {n}");
    }

    [TestMethod]
    public void ProbabilitiesOutsideTheUnitIntervalAreClampedAsInSnnTorch()
    {
        float[] values = [-3f, 0f, 1f, 7f];
        var spikes = new float[50 * 4];
        var random = new SplitMix64(7);
        RateEncoder.Encode(values, spikes, 50, 1f, 0f, ref random);
        for (var t = 0; t < 50; t++)
        {
            Assert.AreEqual(0f, spikes[t * 4 + 0]);
            Assert.AreEqual(0f, spikes[t * 4 + 1]);
            Assert.AreEqual(1f, spikes[t * 4 + 2]);
            Assert.AreEqual(1f, spikes[t * 4 + 3]);
        }
    }

    [TestMethod]
    public void OutputIsAFloatSpikeTrainShapedTByN()
    {
        var ml = new MLContext(seed: 3);
        var data = VectorData.Load(ml, [[0.5f, 0.5f, 0.5f]], 3);
        var output = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 7).Fit(data).Transform(data);
        var type = (Microsoft.ML.Data.VectorDataViewType)output.Schema["Spikes"].Type;
        CollectionAssert.AreEqual(new[] { 7, 3 }, type.Dimensions.ToArray());
        Assert.IsTrue(VectorData.Column(output, "Spikes").Single().All(v => v is 0f or 1f));
        Assert.IsNotNull(output.Schema.GetColumnOrNull("Features"), "Input columns are kept.");
    }

    [TestMethod]
    public void SameContextSeedGivesSameSpikesAndOtherSeedsDiffer()
    {
        static float[][] Encode(int seed)
        {
            var ml = new MLContext(seed);
            var rows = Enumerable.Range(0, 20).Select(i => Enumerable.Range(0, 16).Select(j => (i + j) % 10 / 10f).ToArray());
            var data = VectorData.Load(ml, rows, 16);
            return VectorData.Column(ml.Synaptic().Transforms.EncodeRate("Spikes", "Features").Fit(data).Transform(data), "Spikes");
        }

        var first = Encode(11);
        var again = Encode(11);
        var other = Encode(12);
        for (var i = 0; i < first.Length; i++)
            CollectionAssert.AreEqual(first[i], again[i]);
        Assert.IsTrue(first.Zip(other).Any(p => !p.First.SequenceEqual(p.Second)), "A different context seed must give different spikes.");
    }

    [TestMethod]
    public void RowsGetIndependentDrawsButRereadingARowRepeatsIt()
    {
        var ml = new MLContext(seed: 5);
        var data = VectorData.Load(ml, Enumerable.Repeat(Enumerable.Repeat(0.5f, 64).ToArray(), 3), 64);
        var output = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features").Fit(data).Transform(data);
        var first = VectorData.Column(output, "Spikes");
        var second = VectorData.Column(output, "Spikes");
        Assert.IsFalse(first[0].SequenceEqual(first[1]), "Identical rows must still get independent spikes.");
        for (var i = 0; i < first.Length; i++)
            CollectionAssert.AreEqual(first[i], second[i], "A second pass over the data must reproduce the spikes.");
    }

    [TestMethod]
    public void NaNInputNamesColumnRowAndElement()
    {
        var ml = new MLContext(seed: 1);
        var data = VectorData.Load(ml, [[0.1f, 0.2f], [0.3f, float.NaN]], 2);
        var output = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features").Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(output, "Spikes"));
        StringAssert.Contains(error.Message, "Column 'Features', row 1, element 1");
        StringAssert.Contains(error.Message, "NaN");
    }

    [TestMethod]
    public void MissingOrWrongColumnsAreRefusedAtFit()
    {
        var ml = new MLContext(seed: 1);
        var data = VectorData.Load(ml, [[0.1f, 0.2f]], 2);
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.EncodeRate("Spikes", "Pixels").Fit(data));
        StringAssert.Contains(missing.Message, "'Pixels'");
        StringAssert.Contains(missing.Message, "Features");

        var text = ml.Data.LoadFromEnumerable(new[] { new TextRow { Name = "a" } });
        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.EncodeRate("Spikes", "Name").Fit(text));
        StringAssert.Contains(wrongType.Message, "known-size vector of Single");

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", gain: float.NaN));
    }
}

public sealed class TextRow
{
    public string Name { get; set; } = "";
}
