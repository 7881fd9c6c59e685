using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

[TestClass]
public sealed class SpikingNeuronTests
{
    [TestInitialize]
    public void Initialize() => TorchRuntime.EnsureAvailable();

    [TestMethod]
    public void OutOfRangeParametersAreRefusedWithTheirName()
    {
        Assert.AreEqual("beta", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Leaky(1.2)).ParamName);
        Assert.AreEqual("beta", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Leaky(double.NaN)).ParamName);
        Assert.AreEqual("threshold", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Leaky(0.9, threshold: 0)).ParamName);
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SynapticNeuron(-0.1, 0.9)).ParamName);
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Alpha(0.8, 0.9)).ParamName);
        Assert.AreEqual("alpha", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Alpha(1.0, 1.0)).ParamName);
        using var perNeuron = tensor(new[] { 0.5f, 1.5f });
        using var threshold = tensor(1f);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Leaky(perNeuron, threshold));
        StringAssert.Contains(error.Message, "1.5");
    }

    [TestMethod]
    public void NaNInputAndShapeChangesAreRefused()
    {
        using var scope = NewDisposeScope();
        using var leaky = new Leaky(0.9);
        var error = Assert.ThrowsExactly<ArgumentException>(() => leaky.Step(tensor(new[] { 0f, float.NaN }).unsqueeze(0)));
        Assert.AreEqual("input", error.ParamName);
        leaky.Step(zeros(2, 3));
        Assert.AreEqual("input", Assert.ThrowsExactly<ArgumentException>(() => leaky.Step(zeros(1, 3))).ParamName);
        leaky.ResetState();
        leaky.Step(zeros(1, 3));
    }

    [TestMethod]
    public void LeakyFollowsTheClosedFormWithoutInputAndResetsBySubtraction()
    {
        using var scope = NewDisposeScope();
        // Constant input 1/4, β = 1/2, θ = 7/16 (all exact in float32): U = 0.25, 0.375, 0.4375 (at θ, so no
        // spike: firing needs U > θ), 0.46875 → spike, then the next step subtracts θ: 0.234375 + 0.25 − 0.4375.
        using var leaky = new Leaky(0.5, threshold: 0.4375);
        var membranes = new List<float>();
        var spikes = new List<float>();
        for (var t = 0; t < 5; t++)
        {
            var (s, u) = leaky.Step(full(1, 1, 0.25f));
            spikes.Add(s.item<float>());
            membranes.Add(u.item<float>());
        }
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, 1f, 0f }, spikes);
        var expected = new[] { 0.25, 0.375, 0.4375, 0.46875, 0.046875 };
        for (var t = 0; t < expected.Length; t++)
            Assert.AreEqual(expected[t], membranes[t], 0.0);
    }

    [TestMethod]
    public void PerNeuronDecayBroadcastsOverTheBatch()
    {
        using var scope = NewDisposeScope();
        using var leaky = new Leaky(tensor(new[] { 0f, 0.5f, 1f }), tensor(10f));
        leaky.Step(ones(2, 3));
        var (_, membrane) = leaky.Step(ones(2, 3));
        CollectionAssert.AreEqual(new[] { 1f, 1.5f, 2f, 1f, 1.5f, 2f }, membrane.data<float>().ToArray());
    }

    [TestMethod]
    public void LearnableParametersAreParametersAndReceiveGradients()
    {
        using var scope = NewDisposeScope();
        using var neuron = new SynapticNeuron(0.8, 0.9, threshold: 0.5, surrogate: new FastSigmoid(), learnAlpha: true, learnBeta: true, learnThreshold: true);
        CollectionAssert.AreEquivalent(new[] { "alpha", "beta", "threshold" }, neuron.named_parameters().Select(p => p.name).ToArray());
        Tensor loss = zeros(1);
        for (var t = 0; t < 5; t++)
        {
            var (s, _, u) = neuron.Step(full(1, 2, 0.3f));
            loss = loss + s.sum() + u.sum();
        }
        loss.backward();
        foreach (var (name, parameter) in neuron.named_parameters())
            Assert.AreNotEqual(0f, parameter.grad!.item<float>(), name);

        using var fixedNeuron = new Leaky(0.9);
        Assert.AreEqual(0, fixedNeuron.parameters().Count());
        CollectionAssert.AreEquivalent(new[] { "beta", "threshold" }, fixedNeuron.named_buffers().Select(b => b.name).ToArray());
    }

    [TestMethod]
    public void DetachStateCutsBackpropagationThroughTime()
    {
        using var scope = NewDisposeScope();
        using var leaky = new Leaky(0.9, surrogate: new StraightThrough());
        var first = full(1, 1, 0.2f).requires_grad_();
        leaky.Step(first);
        leaky.DetachState();
        var (_, membrane) = leaky.Step(full(1, 1, 0.2f));
        Assert.IsFalse(membrane.requires_grad);

        leaky.ResetState();
        var attached = full(1, 1, 0.2f).requires_grad_();
        leaky.Step(attached);
        var (_, later) = leaky.Step(full(1, 1, 0.2f));
        later.sum().backward();
        // U[1] = β·U[0] + I[1], so ∂U[1]/∂I[0] = β.
        Assert.AreEqual(0.9f, attached.grad!.item<float>(), 1e-6f);
    }
}
