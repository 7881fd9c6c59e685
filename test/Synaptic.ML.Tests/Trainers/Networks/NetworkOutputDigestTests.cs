using System.Security.Cryptography;
using Microsoft.ML;
using Synaptic.ML.Tests.Trainers;
using Synaptic.ML.Tests.Trainers.FewShot;
using Synaptic.ML.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Tests.Networks;

/// <summary>
/// SHA-256 digests of what the networks compute, recorded before the networks were restructured (spike
/// generation moved to <c>Synaptic.ML.Neurons.SpikeGeneration</c>, initialisation and serialisation shared):
/// seeded forwards of every spiking-policy encoding, the MLP actor and both image backbones on fixed inputs,
/// and the weights after a short fixed-seed PPO run with a rate-coded spiking policy and a short
/// prototypical-network run with the spiking backbone. A refactor that changes a single bit fails here. The actors'
/// and trained digests were re-recorded with MKL in its COMPATIBLE mode (<see cref="TestAssembly"/>), which gives the same
/// bits on every x86 machine; MKL's default gave an AMD EPYC with AVX-512 other bits, and not the same in every process.
/// </summary>
[TestClass]
public sealed class NetworkOutputDigestTests
{
    private static readonly float[] Low = [-2.4f, -3f, -0.21f, -3.5f];
    private static readonly float[] High = [2.4f, 3f, 0.21f, 3.5f];

    [TestMethod]
    [DataRow(SpikingEncoding.DirectCurrent, "EB848BB774F26E79B09896B974934520701BE54BC1B775E03BBCE529B52637EB")]
    [DataRow(SpikingEncoding.Population, "C59826A1FD3D6585B008347A6196CA5540F6B9EE9E423C4F41307BF9C0E96A61")]
    [DataRow(SpikingEncoding.Rate, "A0FC7CFF38EDD64C1CA62862448D36C900924CB8B8EC173CAB6D55FCBA24C291")]
    public void SeededSpikingActorForwardIsUnchanged(SpikingEncoding encoding, string expected)
    {
        var options = new SpikingPolicyOptions
        {
            Encoding = encoding,
            HiddenSizes = [16, 8],
            TimeSteps = 6,
            Threshold = 0.3,
            ObservationLow = Low,
            ObservationHigh = High,
        };
        Assert.AreEqual(expected, Forward(g => options.CreateActor(4, 3, g), Observations()));
    }

    [TestMethod]
    public void SeededMlpActorForwardIsUnchanged() =>
        Assert.AreEqual("660CE23D1446743FEDE8D5ECFA2F80D3E676323CD8B39A1AB9E04016CDCCC5BA", Forward(g => new MlpPolicyOptions { HiddenSizes = [16, 8] }.CreateActor(4, 3, g), Observations()));

    [TestMethod]
    [DataRow(SpikingEmbedding.SpikeCounts, "FFB3C70DB6A130DA5F4A9A497877B5A50F8DC62A1EE6525B2A09AAEE86573718",
        "FFB3C70DB6A130DA5F4A9A497877B5A50F8DC62A1EE6525B2A09AAEE86573718")]
    [DataRow(SpikingEmbedding.MeanMembrane, "AE9F2A6F7FBFDB4D1F6E55D76E12F900FA7124A718C193C453CC42D899C4E5ED",
        "037F8D5D56DE14F91E0B6F5E9E9EE50D5BB8A8CF727A1F1BF43D8E889095F6B2")]
    public void SeededSpikingConvBackboneEmbeddingIsUnchanged(SpikingEmbedding embedding, string expected, string expectedOnAvx2)
    {
        // Spike counts are the same on every machine; membranes carry the convolutions' last bits (MachineFamily).
        expected = MachineFamily.Expected(expected, expectedOnAvx2, expected);
        var options = new SpikingConvBackboneOptions { Channels = [4, 6], KernelSize = 3, Padding = 1, TimeSteps = 5, Threshold = 0.2, Embedding = embedding, EncodingSeed = 7 };
        Assert.AreEqual(expected, Forward(g => options.Create(8, 8, g), Images()));
    }

    [TestMethod]
    public void SeededConvBackboneEmbeddingIsUnchanged()
    {
        var options = new ConvBackboneOptions { Channels = [4, 6], KernelSize = 3, Padding = 1 };
        var expected = MachineFamily.Expected("E69CB117033A0F3E28E1A81D1FC68D0A6338569B6A7688DB7A22AFF12C99FB5F", "3F077EC0E5BE2E66535771AB12FD7BBB10FB3F0EB699353689AA3DB6A0A9580F",
            "E69CB117033A0F3E28E1A81D1FC68D0A6338569B6A7688DB7A22AFF12C99FB5F");
        Assert.AreEqual(expected, Forward(g => options.Create(8, 8, g), Images()));
    }

    [TestMethod]
    public void ShortPpoTrainingOfARateCodedSpikingPolicyGivesTheSameWeights()
    {
        var ml = new MLContext(seed: 0);
        var options = new PpoTrainer.Options
        {
            EnvironmentId = "CartPole-v1",
            Policy = new SpikingPolicyOptions { Encoding = SpikingEncoding.Rate, HiddenSizes = [16], TimeSteps = 4, ObservationLow = Low, ObservationHigh = High },
            Seed = 3,
            NumberOfEnvironments = 2,
            StepsPerUpdate = 32,
            MinibatchSize = 32,
            Epochs = 2,
            TotalTimesteps = 128,
        };
        var policy = ml.Synaptic().Trainers.Ppo(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"));
        // Re-recorded when the trainers moved to TorchSharp's Adam (Synaptic.ML/Torch/AdamOptimizer.cs); Intel Xeons with
        // AVX-512 train other bits (MachineFamily).
        Assert.AreEqual(MachineFamily.Expected("58A6E73E188CBA86E5F73E5CF75631B31DFAEA8F6892B6CFF74A64E7748776D0", "FDAB9A7D02B18C2BDD4069E0910F9E1E9C9A6C304C5BFF7299BFF7E3468B18EE"), Digest(policy.Module));
    }

    [TestMethod]
    public void ShortPrototypicalTrainingOfTheSpikingBackboneGivesTheSameWeights()
    {
        var ml = new MLContext(seed: 0);
        var options = new PrototypicalNetworkTrainer.Options
        {
            Backbone = new SpikingConvBackboneOptions { Channels = [4, 8], Padding = 2, TimeSteps = 4 },
            Episodes = 4,
            Ways = 3,
            Shots = 2,
            Queries = 3,
            Seed = 1,
            TorchThreads = 1,
        };
        var featurizer = ml.Synaptic().Trainers.PrototypicalNetwork(options).Fit(DigitsFewShot.View(ml, DigitsFewShot.TrainClasses));
        // Re-recorded when the trainers moved to TorchSharp's Adam (Synaptic.ML/Torch/AdamOptimizer.cs). This run trains
        // the AMD AVX-512 bits on an Intel Xeon with AVX-512 too.
        var expected = MachineFamily.Expected("110A7FEAEBE484664CD6C8AE655EFDD4BF4DE957F37F4BF23C4152BDE54127C3", "64D264151FFCCB10E9A08C2C104A2F7DD1BB2F6FE49FB20CECD18D74F52D5F4D",
            "110A7FEAEBE484664CD6C8AE655EFDD4BF4DE957F37F4BF23C4152BDE54127C3");
        Assert.AreEqual(expected, Digest(featurizer.Embedder.Module));
    }

    /// <summary>[3, 4] observations inside and outside the rate/population ranges.</summary>
    private static float[] Observations() => [0.1f, -0.4f, 0.05f, 0.3f, -1.7f, 2.5f, -0.3f, 4f, 2.2f, 0.9f, 0.11f, -3.1f];

    /// <summary>[2, 1, 8, 8] images with pixels spread over [0, 1].</summary>
    private static float[] Images() => Enumerable.Range(0, 128).Select(i => (i * 37 % 101) / 100f).ToArray();

    private static string Forward(Func<Generator, nn.Module<Tensor, Tensor>> create, float[] input)
    {
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(11);
            using var module = create(generator);
            long[] shape = input.Length == 12 ? [3, 4] : [2, 1, 8, 8];
            using var noGrad = no_grad();
            return Hash(module.forward(tensor(input, shape)).data<float>().ToArray());
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    /// <summary>Digest of every parameter and buffer, in registration order, with its name.</summary>
    private static string Digest(nn.Module module)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, tensor) in module.state_dict())
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.detach().contiguous().data<float>().ToArray().AsSpan()));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static string Hash(float[] values) =>
        Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));
}
