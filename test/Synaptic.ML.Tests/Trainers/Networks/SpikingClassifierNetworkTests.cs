using Synaptic.ML.Neurons;
using Synaptic.ML.Neurons.Surrogates;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Trainers.Networks;

/// <summary>
/// The classifier network runs its layers one after another over all T steps; stepping the whole stack once per
/// time step (snnTorch's loop, <see cref="SpikingSequential"/>) must compute the same spikes and membranes.
/// </summary>
[TestClass]
public sealed class SpikingClassifierNetworkTests
{
    [TestMethod]
    [DataRow(SpikeInputCoding.Rate)]
    [DataRow(SpikeInputCoding.DirectCurrent)]
    public void LayerByLayerEqualsSteppingTheStack(SpikeInputCoding coding)
    {
        var options = new SpikingClassifierNetworkOptions { HiddenSizes = [32, 16], TimeSteps = 12, Coding = coding, Beta = 0.9 };
        using var generator = new Generator(7);
        var network = options.Create(1, 20, 5, generator);
        var surrogate = new FastSigmoid(options.SurrogateSlope);
        var reference = new SpikingSequential(
            nn.Linear(20, 32), new Leaky(0.9, surrogate: surrogate),
            nn.Linear(32, 16), new Leaky(0.9, surrogate: surrogate),
            nn.Linear(16, 5), new Leaky(0.9, surrogate: surrogate));
        using (no_grad())
        {
            foreach (var (mine, theirs) in network.parameters().Zip(reference.parameters()))
                theirs.copy_(mine);
        }
        var features = rand(6, 20, generator: generator) * 2;
        var uniform = rand(12, 6, 20, generator: generator);
        var (output, _) = network.Run(features, uniform);
        var input = coding == SpikeInputCoding.Rate ? SpikeGeneration.Rate(features, uniform) : features.unsqueeze(0).expand(12, -1, -1);
        var expected = reference.forward(input);
        Assert.IsTrue(output.Spikes.sum().item<float>() > 0, "the output layer fires");
        Assert.IsTrue(output.Spikes.eq(expected.Spikes).all().item<bool>(), "spikes");
        Assert.IsTrue(output.Membrane.allclose(expected.Membrane, rtol: 1e-5, atol: 1e-6), "membranes");

        // The fused Leaky layers (LeakyScanFunction) backpropagate what the stepped layers' autograd does: a loss on
        // both the spikes and the membranes reaches every weight with the same gradient, to rounding.
        var targets = tensor(new long[] { 0, 1, 2, 3, 4, 0 });
        (SpikeLosses.CrossEntropyCount(output.Spikes, targets) + SpikeLosses.MseMembrane(output.Membrane, targets)).backward();
        (SpikeLosses.CrossEntropyCount(expected.Spikes, targets) + SpikeLosses.MseMembrane(expected.Membrane, targets)).backward();
        var nonzero = 0;
        foreach (var (mine, theirs) in network.parameters().Zip(reference.parameters()))
        {
            Assert.IsTrue(mine.grad!.allclose(theirs.grad!, rtol: 1e-4, atol: 1e-6), $"gradient of a {string.Join("×", mine.shape)} parameter");
            nonzero += mine.grad!.abs().sum().item<float>() > 0 ? 1 : 0;
        }
        Assert.AreEqual(6, nonzero, "every weight and bias gets a gradient");
    }

    [TestMethod]
    public void TheDescriptionSurvivesASaveAndLoad()
    {
        var options = new SpikingClassifierNetworkOptions
        {
            HiddenSizes = [10, 5],
            ConvolutionChannels = [4],
            KernelSize = 3,
            Padding = 1,
            Neuron = SpikingNeuronKind.Synaptic,
            Recurrent = true,
            Beta = 0.8,
            Alpha = 0.7,
            Threshold = 0.5,
            SurrogateSlope = 10,
            TimeSteps = 7,
            Coding = SpikeInputCoding.Latency,
            Readout = SpikingClassifierReadout.MaxMembrane,
            EncodingSeed = 42,
        };
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            options.Write(writer);
        stream.Position = 0;
        var read = SpikingClassifierNetworkOptions.Read(new BinaryReader(stream));
        Assert.AreEqual(options.ToString(), read.ToString());
        CollectionAssert.AreEqual(options.HiddenSizes, read.HiddenSizes);
        CollectionAssert.AreEqual(options.ConvolutionChannels, read.ConvolutionChannels);
        Assert.AreEqual((options.KernelSize, options.Padding, options.Alpha, options.Threshold, options.SurrogateSlope, options.EncodingSeed),
            (read.KernelSize, read.Padding, read.Alpha, read.Threshold, read.SurrogateSlope, read.EncodingSeed));
    }
}
