using Microsoft.ML;
using Synaptic.ML.Encoding;

namespace Synaptic.ML.Tests.Encoding;

[TestClass]
public sealed class LatencyEncodingTests
{
    private static float[] Encode(float[] data, LatencyParameters parameters)
    {
        var spikes = new float[parameters.TimeSteps * data.Length];
        LatencyEncoder.Encode(data, spikes, parameters);
        return spikes;
    }

    private static int SpikeTime(float[] spikes, int neurons, int neuron) =>
        Enumerable.Range(0, spikes.Length / neurons).Single(t => spikes[t * neurons + neuron] == 1f);

    [TestMethod]
    public void SnnTorchDocumentedLinearNormalizedExample()
    {
        // snnTorch docs: latency([0.02, 0.5, 1], num_steps=5, normalize=True, linear=True) fires at steps 4, 2, 0.
        var spikes = Encode([0.02f, 0.5f, 1f], new LatencyParameters { TimeSteps = 5, Normalize = true, Linear = true });
        Assert.AreEqual(4, SpikeTime(spikes, 3, 0));
        Assert.AreEqual(2, SpikeTime(spikes, 3, 1));
        Assert.AreEqual(0, SpikeTime(spikes, 3, 2));
    }

    [TestMethod]
    public void RcModeFiresAtTheChargingTimeOfAnRcCircuit()
    {
        // t = τ·ln(x / (x − θ)); x = 0.5, θ = 0.25, τ = 10 → 10·ln 2 ≈ 6.93 → step 7.
        var spikes = Encode([0.5f], new LatencyParameters { TimeSteps = 10, Tau = 10, Threshold = 0.25 });
        Assert.AreEqual((int)Math.Round(10 * Math.Log(2)), SpikeTime(spikes, 1, 0));
    }

    [TestMethod]
    public void EveryNeuronFiresExactlyOnceAndStrongerInputsFireNoLater()
    {
        var data = Enumerable.Range(0, 50).Select(i => i / 49f).ToArray();
        var parameters = new LatencyParameters { TimeSteps = 20, Tau = 5, Normalize = true };
        var spikes = Encode(data, parameters);
        var times = Enumerable.Range(0, data.Length).Select(n => SpikeTime(spikes, data.Length, n)).ToArray();
        for (var n = 1; n < times.Length; n++)
            Assert.IsTrue(times[n] <= times[n - 1], $"Input {data[n]} fired at {times[n]}, after weaker input {data[n - 1]} at {times[n - 1]}.");
        Assert.AreEqual(19, times.Max(), "Normalisation puts the latest spike on the last step.");
    }

    [TestMethod]
    public void ClipRemovesSpikesOfInputsBelowThreshold()
    {
        var spikes = Encode([0.001f, 0.9f], new LatencyParameters { TimeSteps = 10, Normalize = true, Clip = true });
        Assert.AreEqual(0f, Enumerable.Range(0, 10).Sum(t => spikes[t * 2]));
        Assert.AreEqual(1f, Enumerable.Range(0, 10).Sum(t => spikes[t * 2 + 1]));
    }

    [TestMethod]
    public void FirstSpikeTimeDelaysEverySpike()
    {
        var spikes = Encode([1f, 0.5f], new LatencyParameters { TimeSteps = 10, Linear = true, Tau = 4, FirstSpikeTime = 3 });
        Assert.AreEqual(3, SpikeTime(spikes, 2, 0));
        Assert.AreEqual(5, SpikeTime(spikes, 2, 1));
    }

    [TestMethod]
    [DataRow(0.0, 1.0, 0, 10, DisplayName = "threshold 0")]
    [DataRow(1.0, 1.0, 0, 10, DisplayName = "threshold 1")]
    [DataRow(0.01, 0.0, 0, 10, DisplayName = "tau 0")]
    [DataRow(0.01, -1.0, 0, 10, DisplayName = "negative tau")]
    [DataRow(0.01, 1.0, -1, 10, DisplayName = "negative first spike time")]
    [DataRow(0.01, 1.0, 10, 10, DisplayName = "first spike time beyond the train")]
    [DataRow(0.01, 1.0, 0, 0, DisplayName = "no time steps")]
    public void ArgumentsSnnTorchRefusesAreRefusedWhenTheEstimatorIsCreated(double threshold, double tau, int firstSpikeTime, int timeSteps)
    {
        var ml = new MLContext(seed: 1);
        var parameters = new LatencyParameters { Threshold = threshold, Tau = tau, FirstSpikeTime = firstSpikeTime, TimeSteps = timeSteps };
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Transforms.EncodeLatency("Spikes", "Features", parameters));
    }

    [TestMethod]
    [DataRow(-0.1f)]
    [DataRow(1.5f)]
    [DataRow(float.NaN)]
    public void InputsOutsideTheUnitIntervalNameColumnRowAndValue(float bad)
    {
        var ml = new MLContext(seed: 1);
        var data = VectorData.Load(ml, [[0.2f, 0.4f], [bad, 0.3f]], 2);
        var output = ml.Synaptic().Transforms.EncodeLatency("Spikes", "Features").Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(output, "Spikes"));
        StringAssert.Contains(error.Message, "Column 'Features', row 1, element 0");
        StringAssert.Contains(error.Message, "[0, 1]");
    }

    [TestMethod]
    public void RawPixelsAreRefusedByDefaultAndClampedWithClampToUnitInterval()
    {
        var ml = new MLContext(seed: 1);
        var pixels = VectorData.Load(ml, [[0f, 255f, 0.5f, -3f]], 4);
        var refused = ml.Synaptic().Transforms.EncodeLatency("Spikes", "Features", new LatencyParameters { TimeSteps = 5, Linear = true }).Fit(pixels).Transform(pixels);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => VectorData.Column(refused, "Spikes"));
        StringAssert.Contains(error.Message, "Column 'Features', row 0, element 1: value 255 is invalid");
        StringAssert.Contains(error.Message, "ClampToUnitInterval");

        var parameters = new LatencyParameters { TimeSteps = 5, Linear = true, Normalize = true, ClampToUnitInterval = true };
        var spikes = VectorData.Column(ml.Synaptic().Transforms.EncodeLatency("Spikes", "Features", parameters).Fit(pixels).Transform(pixels), "Spikes").Single();
        CollectionAssert.AreEqual(Encode([0f, 1f, 0.5f, 0f], parameters with { ClampToUnitInterval = false }), spikes, "255 codes as 1 and −3 as 0.");
        Assert.AreEqual(0, SpikeTime(spikes, 4, 1), "The clamped 255 fires first.");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Encode([float.NaN], parameters with { TimeSteps = 5 }), "NaN is refused even when clamping.");
    }

    [TestMethod]
    public void SpikesBeyondTheTrainAreRefusedUnlessBypassed()
    {
        var late = new LatencyParameters { TimeSteps = 5, Tau = 5 };
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Encode([0.011f, 0.9f], late));
        StringAssert.Contains(error.Message, "Bypass");

        var spikes = Encode([0.011f, 0.9f], late with { Bypass = true });
        Assert.AreEqual(0f, Enumerable.Range(0, 5).Sum(t => spikes[t * 2]), "The late spike is dropped.");
        Assert.AreEqual(1f, Enumerable.Range(0, 5).Sum(t => spikes[t * 2 + 1]));
    }
}
