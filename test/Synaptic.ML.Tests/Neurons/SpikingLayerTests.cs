using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Neurons;

[TestClass]
public sealed class SpikingLayerTests
{
    [TestMethod]
    public void ConvolutionalStacksRunOverTimeAndTrainThroughTheSurrogate()
    {
        torch.manual_seed(3);
        using var network = new SpikingSequential(
            nn.Conv2d(1, 4, 3), new Leaky(0.9, threshold: 0.5, surrogate: new FastSigmoid()),
            nn.Flatten(), nn.Linear(4 * 6 * 6, 5), new Leaky(0.9, threshold: 0.5, surrogate: new FastSigmoid()));
        using var input = torch.rand([7, 2, 1, 8, 8]);        // [T, B, C, H, W]
        var output = network.forward(input);
        CollectionAssert.AreEqual(new long[] { 7, 2, 5 }, output.Spikes.shape);
        CollectionAssert.AreEqual(new long[] { 7, 2, 5 }, output.Membrane.shape);

        using var loss = output.MeanMembrane().sum() + output.SpikeRates().sum();
        loss.backward();
        var convWeight = network.parameters().First();
        Assert.IsTrue(convWeight.grad is not null && convWeight.grad.abs().sum().item<float>() > 0,
            "Gradients reach the convolution through T steps.");
    }

    [TestMethod]
    public void DecodersAreTheTimeAveragesAndSumsOfTheRecording()
    {
        using var spikes = torch.tensor(new float[] { 1, 0, 0, 1, 1, 1 }).reshape(3, 1, 2);   // [T = 3, B = 1, N = 2]
        using var membrane = torch.tensor(new float[] { 0.5f, 0.1f, 0.2f, 0.9f, 0.8f, 0.6f }).reshape(3, 1, 2);
        var output = new SpikingOutput(spikes, membrane);
        CollectionAssert.AreEqual(new[] { 2f, 2f }, output.SpikeCounts().data<float>().ToArray());
        CollectionAssert.AreEqual(new[] { 2f / 3, 2f / 3 }, output.SpikeRates().data<float>().ToArray());
        var mean = output.MeanMembrane().data<float>().ToArray();
        Assert.AreEqual(0.5f, mean[0], 1e-6f);
        Assert.AreEqual((0.1f + 0.9f + 0.6f) / 3, mean[1], 1e-6f);
        CollectionAssert.AreEqual(new[] { 0.8f, 0.9f }, output.MaxMembrane().data<float>().ToArray());
        CollectionAssert.AreEqual(new[] { 0.8f, 0.6f }, output.FinalMembrane().data<float>().ToArray());
    }

    [TestMethod]
    public void PerNeuronDecaysThatDoNotFitTheInputAreNamed()
    {
        using var neuron = new Leaky(torch.tensor(new float[] { 0.9f, 0.8f, 0.7f }), torch.tensor(1f));
        using var input = torch.rand(2, 4);
        var error = Assert.ThrowsExactly<ArgumentException>(() => neuron.forward(input));
        Assert.AreEqual("beta", error.ParamName);
        StringAssert.Contains(error.Message, "[3]");
        StringAssert.Contains(error.Message, "[2, 4]");

        using var fits = new Leaky(torch.tensor(new float[] { 0.9f, 0.8f, 0.7f, 0.6f }), torch.tensor(1f));
        using var spikes = fits.forward(input);
        CollectionAssert.AreEqual(new long[] { 2, 4 }, spikes.shape);
    }
}
