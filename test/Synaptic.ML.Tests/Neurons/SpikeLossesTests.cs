using Synaptic.ML.Neurons;
using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

/// <summary>
/// snnTorch's functional losses, checked against hand computations from their definitions in snntorch/functional/loss.py
/// on a recording of T = 2 steps, B = 2 samples, C = 2 classes.
/// </summary>
[TestClass]
public sealed class SpikeLossesTests
{
    // spikes[t, b, c]: sample 0 fires (1, 0) then (1, 1); sample 1 fires (0, 0) then (0, 1).
    private static Tensor Spikes() => Tensors.Copy(new float[] { 1, 0, 0, 0, 1, 1, 0, 1 }, 2, 2, 2);

    private static Tensor Membrane() => Tensors.Copy(new float[] { 0.5f, -0.2f, 0.1f, 0.3f, 0.9f, 0.4f, -0.1f, 0.7f }, 2, 2, 2);

    private static Tensor Targets() => tensor(new long[] { 0, 1 });

    /// <summary>Cross-entropy of logits (a, b) with the target at index <paramref name="target"/>: log(eᵃ + eᵇ) − logit[target].</summary>
    private static double CrossEntropy(double a, double b, int target) => Math.Log(Math.Exp(a) + Math.Exp(b)) - (target == 0 ? a : b);

    [TestMethod]
    public void CountCrossEntropyIsTheCrossEntropyOfTheSpikeCounts()
    {
        // counts: sample 0 (2, 1), target 0; sample 1 (0, 1), target 1.
        var expected = (CrossEntropy(2, 1, 0) + CrossEntropy(0, 1, 1)) / 2;
        Assert.AreEqual(expected, SpikeLosses.CrossEntropyCount(Spikes(), Targets()).item<float>(), 1e-6);
    }

    [TestMethod]
    public void RateCrossEntropyAveragesTheCrossEntropyOfEveryStep()
    {
        var step0 = (CrossEntropy(1, 0, 0) + CrossEntropy(0, 0, 1)) / 2;
        var step1 = (CrossEntropy(1, 1, 0) + CrossEntropy(0, 1, 1)) / 2;
        Assert.AreEqual((step0 + step1) / 2, SpikeLosses.CrossEntropyRate(Spikes(), Targets()).item<float>(), 1e-6);
    }

    [TestMethod]
    public void MaxMembraneCrossEntropyTakesThePeakOfEachNeuron()
    {
        // peaks: sample 0 (0.9, 0.4), sample 1 (0.1, 0.7).
        var expected = (CrossEntropy(0.9, 0.4, 0) + CrossEntropy(0.1, 0.7, 1)) / 2;
        Assert.AreEqual(expected, SpikeLosses.CrossEntropyMaxMembrane(Membrane(), Targets()).item<float>(), 1e-6);
    }

    [TestMethod]
    public void CountMseComparesCountsWithTruncatedTargetCountsOverT()
    {
        // Rates 1 and 0: targets (2, 0) and (0, 2); squared errors (0, 1) and (0, 1) → mean 0.5, over T = 2 → 0.25.
        Assert.AreEqual(0.25, SpikeLosses.MseCount(Spikes(), Targets()).item<float>(), 1e-6);
        // Rates 0.75 and 0.25: int(1.5) = 1 and int(0.5) = 0: targets (1, 0) and (0, 1); errors (1, 1) and (0, 0) → 0.5 / 2.
        Assert.AreEqual(0.25, SpikeLosses.MseCount(Spikes(), Targets(), 0.75, 0.25).item<float>(), 1e-6);
    }

    [TestMethod]
    public void MembraneMseAveragesTheSquaredErrorToOnAndOffTargetsOverSteps()
    {
        // Targets (1, 0) for sample 0 and (0, 1) for sample 1 at both steps.
        double[] errors = [0.5 - 1, -0.2, 0.1, 0.3 - 1, 0.9 - 1, 0.4, -0.1, 0.7 - 1];
        var expected = errors.Sum(e => e * e) / errors.Length;
        Assert.AreEqual(expected, SpikeLosses.MseMembrane(Membrane(), Targets()).item<float>(), 1e-6);
        double[] shifted = [0.5 - 2, -0.2 + 1, 0.1 + 1, 0.3 - 2, 0.9 - 2, 0.4 + 1, -0.1 + 1, 0.7 - 2];
        Assert.AreEqual(shifted.Sum(e => e * e) / 8, SpikeLosses.MseMembrane(Membrane(), Targets(), onTarget: 2, offTarget: -1).item<float>(), 1e-5);
    }

    [TestMethod]
    public void CountLossesPassGradientsToTheSpikes()
    {
        var spikes = Spikes().requires_grad_();
        SpikeLosses.CrossEntropyCount(spikes, Targets()).backward();
        // d/dcount of the batch-mean cross-entropy: (softmax − onehot) / B, the same at every step.
        var p = 1 / (1 + Math.Exp(-1));   // softmax of (2, 1) at class 0
        Assert.AreEqual((p - 1) / 2, spikes.grad!.data<float>()[0], 1e-6);
        Assert.AreEqual((p - 1) / 2, spikes.grad!.data<float>()[4], 1e-6);
    }

    [TestMethod]
    public void BadShapesAndRatesAreNamed()
    {
        var flat = StringAssertThrows<ArgumentException>(() => SpikeLosses.CrossEntropyCount(zeros(2, 2), Targets()));
        StringAssert.Contains(flat.Message, "[T, B, C]");
        var batch = StringAssertThrows<ArgumentException>(() => SpikeLosses.CrossEntropyCount(Spikes(), tensor(new long[] { 0, 1, 1 })));
        StringAssert.Contains(batch.Message, "[B] = [2]");
        var type = StringAssertThrows<ArgumentException>(() => SpikeLosses.CrossEntropyCount(Spikes(), Tensors.Copy(new float[] { 0, 1 }, 2)));
        StringAssert.Contains(type.Message, "int64");
        var rate = StringAssertThrows<ArgumentOutOfRangeException>(() => SpikeLosses.MseCount(Spikes(), Targets(), correctRate: 1.5));
        StringAssert.Contains(rate.Message, "correctRate is 1.5");
    }

    private static T StringAssertThrows<T>(Action action) where T : Exception => Assert.Throws<T>(action);
}
