using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

[TestClass]
public sealed class SpikingSequentialTests
{
    [TestInitialize]
    public void Initialize() => TorchRuntime.EnsureAvailable();

    [TestMethod]
    public void RecordsTheSameDynamicsAsAHandWrittenLoopAndDecodes()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var linear = nn.Linear(3, 2);
        using (no_grad())
        {
            linear.weight!.copy_(tensor(new[] { 1f, 0f, 0.5f, 0f, 0.25f, 0f }, 2, 3));
            linear.bias!.zero_();
        }
        using var network = new SpikingSequential(linear, new Leaky(0.5, threshold: 0.4375));
        // Neuron 0 sees 0.25 per step (spikes at t = 3, as in the Leaky closed form); neuron 1 sees 0.0625.
        var input = full(6, 1, 3, 0.25f);
        input[.., .., 0] = tensor(0.25f);
        input[.., .., 1] = tensor(0.25f);
        input[.., .., 2] = tensor(0f);
        var output = network.forward(input);

        CollectionAssert.AreEqual(new long[] { 6, 1, 2 }, output.Spikes.shape);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, 1f, 0f, 0f }, output.Spikes[.., 0, 0].data<float>().ToArray());
        Assert.AreEqual(0f, output.Spikes[.., 0, 1].sum().item<float>());
        CollectionAssert.AreEqual(new[] { 1f, 0f }, output.SpikeCounts().data<float>().ToArray());
        Assert.AreEqual(0L, output.PredictedClasses().item<long>());
        // Neuron 0 after the reset: U[4] = 0.046875, U[5] = 0.0234375 + 0.25.
        Assert.AreEqual(0.2734375f, output.FinalMembrane()[0, 0].item<float>());
        Assert.AreEqual(0.46875f, output.MaxMembrane()[0, 0].item<float>());

        // A second call starts from rest.
        var again = network.forward(input);
        Assert.IsTrue(again.Membrane.allclose(output.Membrane, rtol: 0, atol: 0));
    }

    [TestMethod]
    public void RateCodedTargetIsLearnedThroughTime()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var network = new SpikingSequential(nn.Linear(5, 8), new Leaky(0.9, surrogate: new FastSigmoid()), nn.Linear(8, 2), new Leaky(0.9, surrogate: new FastSigmoid()));
        var input = rand(15, 4, 5);
        var target = tensor(new[] { 8f, 2f, 8f, 2f, 8f, 2f, 8f, 2f }, 4, 2);
        var optimizer = optim.Adam(network.parameters(), lr: 0.05);
        float Loss()
        {
            using var _ = no_grad();
            return nn.functional.mse_loss(network.forward(input).SpikeCounts(), target).item<float>();
        }
        var before = Loss();
        for (var epoch = 0; epoch < 30; epoch++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(network.forward(input).SpikeCounts(), target);
            loss.backward();
            optimizer.step();
        }
        var after = Loss();
        Assert.IsTrue(after < 0.5 * before, $"BPTT through two spiking layers must reduce the loss: {before} → {after}.");
    }

    [TestMethod]
    public void InvalidStacksAndInputsAreRefused()
    {
        using var scope = NewDisposeScope();
        Assert.AreEqual("layers", Assert.ThrowsExactly<ArgumentException>(() => new SpikingSequential()).ParamName);
        Assert.AreEqual("layers", Assert.ThrowsExactly<ArgumentException>(() => new SpikingSequential(nn.Linear(2, 2))).ParamName);
        using var network = new SpikingSequential(new Leaky(0.5));
        Assert.AreEqual("input", Assert.ThrowsExactly<ArgumentException>(() => network.forward(zeros(3))).ParamName);
    }
}
