using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Tests.Plasticity;

[TestClass]
public sealed class HebbianMultiPlasticityTests
{
    [TestMethod]
    public void OneStepMatchesTheHandComputedTwoByTwoExample()
    {
        // W = [[0.5, −1], [2, 0.25]], b = [0.1, −0.2], M₀ = [[0.2, 0], [−0.5, 1]], x = [1, 2], λ = 0.5, η = 0.1.
        // W ⊙ (M₀ + 1) = [[0.6, −1], [1, 0.5]]; u = b + that·x = [−1.3, 1.8]; h = tanh(u) = [−0.8617232, 0.9468060].
        // M₁ = λM₀ + η·h·xᵀ = [[0.1 − 0.0861723, −0.1723446], [−0.25 + 0.0946806, 0.5 + 0.1893612]].
        var layer = new HebbianMultiPlasticity(2, 2, new HebbianMultiPlasticity.Options { Decay = 0.5f, LearningRate = 0.1f });
        float[] w = [0.5f, -1f, 2f, 0.25f];
        float[] b = [0.1f, -0.2f];
        float[] m0 = [0.2f, 0f, -0.5f, 1f];
        w.CopyTo(layer.Weights);
        b.CopyTo(layer.Bias);
        m0.CopyTo(layer.Trace);
        var h = new float[2];
        layer.Forward([1f, 2f], h);

        Assert.AreEqual(-0.8617232f, h[0], 1e-6f);
        Assert.AreEqual(0.9468060f, h[1], 1e-6f);
        float[] m1 = [0.0138277f, -0.1723446f, -0.1553194f, 0.6893612f];
        for (var k = 0; k < 4; k++)
            Assert.AreEqual(m1[k], layer.Trace[k], 1e-6f, $"M[{k / 2},{k % 2}]");
    }

    [TestMethod]
    public void IdentityActivationAndZeroTraceReduceToALinearLayer()
    {
        var layer = new HebbianMultiPlasticity(3, 1, new HebbianMultiPlasticity.Options { Activation = HebbianActivation.Identity, Decay = 0f, LearningRate = 1f });
        float[] w = [1f, -2f, 0.5f];
        w.CopyTo(layer.Weights);
        layer.Bias[0] = 0.25f;
        var h = new float[1];
        layer.Forward([2f, 1f, 4f], h);
        Assert.AreEqual(0.25f + 2f - 2f + 2f, h[0], 1e-6f);
        // λ = 0, η = 1: M₁ = h·xᵀ.
        Assert.AreEqual(2.25f * 2f, layer.Trace[0], 1e-6f);
        Assert.AreEqual(2.25f * 4f, layer.Trace[2], 1e-6f);
    }

    [TestMethod]
    public void BadInputsAreRejectedByName()
    {
        Assert.AreEqual("Decay", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new HebbianMultiPlasticity(2, 2, new HebbianMultiPlasticity.Options { Decay = 1.5f })).ParamName);
        Assert.AreEqual("Decay", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new HebbianMultiPlasticity(2, 2, new HebbianMultiPlasticity.Options { Decay = float.NaN })).ParamName);
        var layer = new HebbianMultiPlasticity(2, 2);
        Assert.AreEqual("input", Assert.ThrowsExactly<ArgumentException>(() => layer.Forward(new float[3], new float[2])).ParamName);
        Assert.AreEqual("output", Assert.ThrowsExactly<ArgumentException>(() => layer.Forward(new float[2], new float[1])).ParamName);
        var nan = Assert.ThrowsExactly<ArgumentException>(() => layer.Forward([0f, float.NaN], new float[2]));
        StringAssert.Contains(nan.Message, "element 1 is NaN");
    }
}
