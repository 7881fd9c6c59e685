using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

[TestClass]
public sealed class RecurrentNeuronTests
{
    private const int Steps = 20;
    private const int Width = 4;

    [TestInitialize]
    public void Initialize() => TorchRuntime.EnsureAvailable();

    [TestMethod]
    public void OneToOneFeedbackFollowsTheHandComputedTrajectory()
    {
        using var scope = NewDisposeScope();
        // β = 1/2, V = 1/4, θ = 7/16, constant input 1/4 (all exact in float32). The spike at t = 3 is
        // fed back (+V) at t = 4, when the delayed reset also subtracts θ.
        using var neuron = new RLeaky(0.5, tensor(0.25f), threshold: 0.4375);
        var expectedMembrane = new[] { 0.25, 0.375, 0.4375, 0.46875, 0.234375 + 0.25 + 0.25 - 0.4375, 0.1484375 + 0.25 };
        var expectedSpikes = new[] { 0f, 0f, 0f, 1f, 0f, 0f };
        for (var t = 0; t < expectedMembrane.Length; t++)
        {
            var (s, u) = neuron.Step(full(1, 1, 0.25f));
            Assert.AreEqual(expectedSpikes[t], s.item<float>(), $"spike at t = {t}");
            Assert.AreEqual(expectedMembrane[t], u.item<float>(), 0.0, $"membrane at t = {t}");
        }
    }

    [TestMethod]
    [DataRow(ResetMechanism.Subtract, true)]
    [DataRow(ResetMechanism.None, true)]
    [DataRow(ResetMechanism.Subtract, false)]
    public void ZeroFeedbackReducesRLeakyToLeaky(ResetMechanism reset, bool resetDelay)
    {
        using var scope = NewDisposeScope();
        using var recurrent = new RLeaky(0.85, tensor(0f), threshold: 0.6, reset, new FastSigmoid(), resetDelay);
        using var plain = new Leaky(0.85, threshold: 0.6, reset, new FastSigmoid(), resetDelay);
        AssertSameDynamics(
            x => { var (s, u) = recurrent.Step(x); return (s, u); },
            x => { var (s, u) = plain.Step(x); return (s, u); });
    }

    [TestMethod]
    [DataRow(ResetMechanism.Subtract)]
    [DataRow(ResetMechanism.Zero)]
    public void ZeroFeedbackReducesRSynapticToSynaptic(ResetMechanism reset)
    {
        using var scope = NewDisposeScope();
        using var recurrent = new RSynaptic(0.7, 0.85, tensor(0f), threshold: 0.6, reset, new ArcTan());
        using var plain = new SynapticNeuron(0.7, 0.85, threshold: 0.6, reset, new ArcTan());
        AssertSameDynamics(
            x => { var (s, _, u) = recurrent.Step(x); return (s, u); },
            x => { var (s, _, u) = plain.Step(x); return (s, u); });
    }

    [TestMethod]
    public void DiagonalAllToAllEqualsOneToOne()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new[] { 0.3f, -0.2f, 0.5f, 0.1f });
        using var allToAll = new RLeaky(0.9, Width, threshold: 0.5, surrogate: new Sigmoid(5));
        using (no_grad())
        {
            var linear = (TorchSharp.Modules.Linear)allToAll.Recurrent;
            linear.weight!.copy_(diag(v));
            linear.bias!.zero_();
        }
        using var oneToOne = new RLeaky(0.9, v, threshold: 0.5, surrogate: new Sigmoid(5));
        AssertSameDynamics(
            x => { var (s, u) = allToAll.Step(x); return (s, u); },
            x => { var (s, u) = oneToOne.Step(x); return (s, u); });
    }

    [TestMethod]
    public void RecurrentWeightsAreTrainableUnlessFrozen()
    {
        using var scope = NewDisposeScope();
        using var frozen = new RSynaptic(0.7, 0.8, Width, learnRecurrent: false);
        Assert.IsFalse(frozen.parameters().Any(p => p.requires_grad));

        using var learned = new RLeaky(0.8, tensor(new[] { 0.5f, 0.5f, 0.5f, 0.5f }), threshold: 0.5, surrogate: new FastSigmoid());
        Tensor loss = zeros(1);
        for (var t = 0; t < 6; t++)
        {
            var (s, u) = learned.Step(full(1, Width, 0.3f));
            loss = loss + s.sum() + u.sum();
        }
        loss.backward();
        var (name, parameter) = learned.named_parameters().Single();
        Assert.AreEqual("recurrent.V", name);
        Assert.IsTrue(parameter.grad!.abs().sum().item<float>() > 0, "Gradient must reach the recurrent weight.");
    }

    private static void AssertSameDynamics(Func<Tensor, (Tensor Spikes, Tensor Membrane)> first, Func<Tensor, (Tensor Spikes, Tensor Membrane)> second)
    {
        var generator = manual_seed(7);
        var input = (rand(Steps, 2, Width, generator: generator) * 1.2f).requires_grad_();
        Tensor lossA = zeros(1), lossB = zeros(1);
        var spikeCount = 0f;
        for (var t = 0; t < Steps; t++)
        {
            var (sa, ua) = first(input[t]);
            var (sb, ub) = second(input[t]);
            CollectionAssert.AreEqual(sb.data<float>().ToArray(), sa.data<float>().ToArray(), $"spikes at t = {t}");
            Assert.IsTrue(ua.allclose(ub, rtol: 0, atol: 1e-6), $"membrane at t = {t}");
            spikeCount += sa.sum().item<float>();
            lossA = lossA + sa.sum() + ua.sum();
            lossB = lossB + sb.sum() + ub.sum();
        }
        Assert.IsTrue(spikeCount > 0, "The comparison must exercise spikes and resets.");
        var gradA = autograd.grad([lossA], [input])[0];
        var gradB = autograd.grad([lossB], [input])[0];
        Assert.IsTrue(gradA.allclose(gradB, rtol: 1e-5, atol: 1e-6), "Input gradients differ.");
    }
}
