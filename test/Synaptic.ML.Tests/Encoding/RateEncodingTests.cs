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
    public void IdenticalRowsGetIdenticalSpikesAndRereadingARowRepeatsIt()
    {
        var ml = new MLContext(seed: 5);
        var data = VectorData.Load(ml, [.. Enumerable.Repeat(Enumerable.Repeat(0.5f, 64).ToArray(), 3), Enumerable.Repeat(0.5f, 63).Append(0.25f).ToArray()], 64);
        var output = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features").Fit(data).Transform(data);
        var first = VectorData.Column(output, "Spikes");
        var second = VectorData.Column(output, "Spikes");
        CollectionAssert.AreEqual(first[0], first[1], "The draws are keyed by the values: identical rows, identical spikes.");
        CollectionAssert.AreEqual(first[0], first[2]);
        Assert.IsFalse(first[0].SequenceEqual(first[3]), "Rows that differ in one value draw from other streams.");
        for (var i = 0; i < first.Length; i++)
            CollectionAssert.AreEqual(first[i], second[i], "A second pass over the data must reproduce the spikes.");
    }

    [TestMethod]
    public void EveryRowKeepsItsSpikesAfterShuffleRows()
    {
        // 200 "images": before keying by values, 1 of 200 kept its spikes after ShuffleRows.
        var ml = new MLContext(seed: 9);
        var random = new Random(4);
        var rows = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var data = VectorData.Load(ml, rows, 16);
        var model = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 10).Fit(data);

        static Dictionary<string, float[]> ByValues(IDataView encoded) =>
            VectorData.Column(encoded, "Features").Zip(VectorData.Column(encoded, "Spikes"))
                .ToDictionary(p => string.Join(",", p.First.Select(BitConverter.SingleToInt32Bits)), p => p.Second);

        var inOrder = ByValues(model.Transform(data));
        var shuffled = ByValues(model.Transform(ml.Data.ShuffleRows(data, seed: 3)));
        Assert.AreEqual(200, shuffled.Count);
        var kept = shuffled.Count(p => p.Value.SequenceEqual(inOrder[p.Key]));
        Assert.AreEqual(200, kept, $"{kept} of 200 rows kept their spikes after ShuffleRows.");
    }

    [TestMethod]
    public void AOneRowPredictionEngineGivesTheSpikesOfTheBatch()
    {
        var ml = new MLContext(seed: 2);
        float[][] rows = [[0.1f, 0.5f, 0.9f, 0.3f], [0.7f, 0.2f, 0.4f, 0.6f], [0.25f, 0.75f, 0.5f, 0.05f]];
        var data = VectorData.Load(ml, rows, 4);
        var model = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 12).Fit(data);
        var batch = VectorData.Column(model.Transform(data), "Spikes");
        var engine = ml.Model.CreatePredictionEngine<Four, SpikeTrain>(model);
        for (var i = rows.Length - 1; i >= 0; i--)
            CollectionAssert.AreEqual(batch[i], engine.Predict(new Four { Features = rows[i] }).Spikes, $"Row {i}: the engine's spikes are the batch's.");
    }

    [TestMethod]
    public void ProbabilitiesOutsideTheUnitIntervalAreRefusedNamingColumnRowElementAndValueUnlessClamped()
    {
        var ml = new MLContext(seed: 1);
        var pixels = VectorData.Load(ml, [[0f, 12f, 0.5f], [255f, 0f, 128f]], 3);
        var refused = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", timeSteps: 20).Fit(pixels).Transform(pixels);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(refused, "Spikes"));
        StringAssert.Contains(error.Message, "Column 'Features', row 0, element 1: value 12 is invalid");
        StringAssert.Contains(error.Message, "gain·x + offset in [0, 1]");
        StringAssert.Contains(error.Message, "ClampToUnitInterval");

        var shifted = VectorData.Load(ml, [[0.5f, 0.9f]], 2);
        var withOffset = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", new RateEncodingEstimator.Options { TimeSteps = 20, Offset = 0.2f });
        var offset = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(withOffset.Fit(shifted).Transform(shifted), "Spikes"));
        StringAssert.Contains(offset.Message, "row 0, element 1: value 0.9 is invalid", "0.9 + 0.2 is above 1; 0.5 + 0.2 is not.");

        var clamped = ml.Synaptic().Transforms.EncodeRate("Spikes", "Features", new RateEncodingEstimator.Options { TimeSteps = 20, ClampToUnitInterval = true });
        var spikes = VectorData.Column(clamped.Fit(pixels).Transform(pixels), "Spikes");
        for (var t = 0; t < 20; t++)
        {
            Assert.AreEqual(0f, spikes[0][t * 3], "0 never spikes.");
            Assert.AreEqual(1f, spikes[0][t * 3 + 1], "12 is clamped to probability 1.");
            Assert.AreEqual(1f, spikes[1][t * 3], "255 is clamped to probability 1.");
        }
    }

    public sealed class Four
    {
        [Microsoft.ML.Data.VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class SpikeTrain
    {
        public float[] Spikes { get; set; } = [];
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
