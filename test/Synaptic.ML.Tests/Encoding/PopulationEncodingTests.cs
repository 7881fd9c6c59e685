using Microsoft.ML;
using Synaptic.ML.Encoding;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Encoding;

[TestClass]
public sealed class PopulationEncodingTests
{
    [TestMethod]
    public void ResponseIsTheGaussianReceptiveField()
    {
        // K = 5 over [0, 4]: centres 0..4, spacing 1, σ = 0.5 · 1.
        Assert.AreEqual(1f, PopulationEncoder.Response(2f, 2, 5, 0f, 4f, 0.5f), 1e-6f);
        Assert.AreEqual(MathF.Exp(-1f / (2 * 0.25f)), PopulationEncoder.Response(2f, 3, 5, 0f, 4f, 0.5f), 1e-6f);
        Assert.AreEqual(MathF.Exp(-4f / (2 * 0.25f)), PopulationEncoder.Response(2f, 0, 5, 0f, 4f, 0.5f), 1e-6f);
    }

    [TestMethod]
    public void LatencyCodingFiresThePreferredNeuronFirstAndSilencesDistantOnes()
    {
        var parameters = new PopulationParameters { TimeSteps = 11, NeuronsPerInput = 5, Min = 0, Max = 4, Width = 0.5f, Coding = PopulationCoding.Latency };
        var spikes = new float[11 * 5];
        var random = new SplitMix64(0);
        PopulationEncoder.Encode([2f], spikes, parameters, ref random);

        Assert.AreEqual(1f, spikes[0 * 5 + 2], "The neuron centred on the input fires at step 0.");
        var neighbourStep = (int)MathF.Round((1 - MathF.Exp(-2f)) * 10);
        Assert.AreEqual(1f, spikes[neighbourStep * 5 + 1]);
        Assert.AreEqual(1f, spikes[neighbourStep * 5 + 3]);
        Assert.AreEqual(0f, Enumerable.Range(0, 11).Sum(t => spikes[t * 5 + 0] + spikes[t * 5 + 4]), "Responses below MinResponse stay silent.");
    }

    [TestMethod]
    public void RateCodingFiresInProportionToTheResponse()
    {
        var parameters = new PopulationParameters { TimeSteps = 4000, NeuronsPerInput = 4, Min = -1, Max = 1 };
        var spikes = new float[4000 * 8];
        var random = new SplitMix64(9);
        float[] values = [0.3f, -0.8f];
        PopulationEncoder.Encode(values, spikes, parameters, ref random);
        for (var neuron = 0; neuron < 8; neuron++)
        {
            var p = PopulationEncoder.Response(values[neuron / 4], neuron % 4, 4, -1, 1, 1);
            var count = Enumerable.Range(0, 4000).Count(t => spikes[t * 8 + neuron] == 1f);
            var sigma = Math.Sqrt(4000 * p * (1 - p));
            Assert.IsTrue(Math.Abs(count - 4000 * p) <= 5 * sigma + 1e-9, $"Neuron {neuron}: {count} spikes, expected {4000 * p:F0} ± {5 * sigma:F0}.");
        }
    }

    [TestMethod]
    public void RateSpikesAreKeyedByTheValuesNotByTheRowPosition()
    {
        var ml = new MLContext(seed: 6);
        float[][] rows = [[0.3f, -0.5f], [0.8f, 0.1f], [0.3f, -0.5f], [-0.9f, 0.6f]];
        var data = VectorData.Load(ml, rows, 2);
        var model = ml.Synaptic().Transforms.EncodePopulation("Spikes", "Features", new PopulationParameters { TimeSteps = 30, NeuronsPerInput = 4 }).Fit(data);
        var spikes = VectorData.Column(model.Transform(data), "Spikes");
        CollectionAssert.AreEqual(spikes[0], spikes[2], "The same values at rows 0 and 2 give the same spikes.");
        var reversed = VectorData.Column(model.Transform(VectorData.Load(ml, rows.Reverse(), 2)), "Spikes");
        for (var i = 0; i < rows.Length; i++)
            CollectionAssert.AreEqual(spikes[i], reversed[rows.Length - 1 - i], $"Row {i} keeps its spikes at another position.");
    }

    [TestMethod]
    public void ColumnIsShapedTByNTimesK()
    {
        var ml = new MLContext(seed: 2);
        var data = VectorData.Load(ml, [[0.1f, -0.2f, 2.4f, 0f]], 4);
        var output = ml.Synaptic().Transforms.EncodePopulation("Spikes", "Features", new PopulationParameters { TimeSteps = 9, NeuronsPerInput = 6, Min = -2.4f, Max = 2.4f })
            .Fit(data).Transform(data);
        var type = (Microsoft.ML.Data.VectorDataViewType)output.Schema["Spikes"].Type;
        CollectionAssert.AreEqual(new[] { 9, 24 }, type.Dimensions.ToArray());
    }

    [TestMethod]
    public void BadParametersAndInputsAreRefused()
    {
        var ml = new MLContext(seed: 2);
        var t = ml.Synaptic().Transforms;
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.EncodePopulation("S", "Features", new PopulationParameters { NeuronsPerInput = 1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.EncodePopulation("S", "Features", new PopulationParameters { Min = 1, Max = 1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.EncodePopulation("S", "Features", new PopulationParameters { Width = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => t.EncodePopulation("S", "Features", new PopulationParameters { MaxProbability = 1.5f }));

        var data = VectorData.Load(ml, [[0f, float.PositiveInfinity]], 2);
        var output = t.EncodePopulation("S", "Features").Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(output, "S"));
        StringAssert.Contains(error.Message, "Column 'Features', row 0, element 1");
    }
}
