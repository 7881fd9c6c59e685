using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Networks;

/// <summary>
/// The bytes network descriptions are saved as inside model zips. The constants are what the writers produced
/// before descriptions shared one versioned format: saved models hold exactly these bytes, so the readers must
/// keep accepting them, and today's writers still produce them.
/// </summary>
[TestClass]
public sealed class NetworkDescriptionFormatTests
{
    public static IEnumerable<object[]> Policies() =>
    [
        [new MlpPolicyOptions(), "0102000000400000004000000000"],
        [new MlpPolicyOptions { HiddenSizes = [32], Activation = HiddenActivation.ReLU }, "01010000002000000001"],
        [new SpikingPolicyOptions(), "02010000008000000000666666666666EE3FCDCCCCCCCCCCEC3F000000000000F03F000000000000394008000000000800000000FFFFFFFFFFFFFFFF"],
        [new SpikingPolicyOptions
        {
            HiddenSizes = [16, 8], Neuron = SpikingNeuronKind.Alpha, Beta = 0.8, Alpha = 0.9, Threshold = 0.5, SurrogateSlope = 10, TimeSteps = 4,
            Encoding = SpikingEncoding.Rate, PopulationSize = 5, Readout = SpikingReadout.SpikeCount, ObservationLow = [-1f, -2f], ObservationHigh = [1f, 2f],
        }, "02020000001000000008000000029A9999999999E93FCDCCCCCCCCCCEC3F000000000000E03F00000000000024400400000002050000000102000000000080BF000000C0020000000000803F00000040"],
        [new CustomPolicyOptions("my-actor"), "03086D792D6163746F72"],
    ];

    public static IEnumerable<object[]> Backbones() =>
    [
        [new ConvBackboneOptions(), "010200000010000000200000000500000000000000"],
        [new ConvBackboneOptions { Channels = [8, 16, 32], KernelSize = 3, Padding = 1 }, "01030000000800000010000000200000000300000001000000"],
        [new SpikingConvBackboneOptions(), "0202000000100000002000000005000000000000000A000000CDCCCCCCCCCCEC3F000000000000F03F0000000000003940000000000000000000"],
        [new SpikingConvBackboneOptions { Channels = [4], KernelSize = 3, Padding = 2, TimeSteps = 6, Beta = 0.7, Threshold = 0.4, SurrogateSlope = 5, Embedding = SpikingEmbedding.MeanMembrane, EncodingSeed = 42 }, "020100000004000000030000000200000006000000666666666666E63F9A9999999999D93F0000000000001440012A00000000000000"],
    ];

    [TestMethod]
    [DynamicData(nameof(Policies))]
    public void PolicyNetworkDescriptionsKeepTheirSavedBytes(PolicyNetworkOptions options, string saved)
    {
        Assert.AreEqual(saved, Bytes(options.Write));
        var read = PolicyNetworkOptions.Read(Reader(saved));
        Assert.AreEqual(options.GetType(), read.GetType());
        Assert.AreEqual(options.ToString(), read.ToString());
        Assert.AreEqual(saved, Bytes(read.Write));
    }

    [TestMethod]
    [DynamicData(nameof(Backbones))]
    public void BackboneDescriptionsKeepTheirSavedBytes(BackboneOptions options, string saved)
    {
        Assert.AreEqual(saved, Bytes(options.Write));
        var read = BackboneOptions.Read(Reader(saved));
        Assert.AreEqual(options.GetType(), read.GetType());
        Assert.AreEqual(options.ToString(), read.ToString());
        Assert.AreEqual(saved, Bytes(read.Write));
    }

    [TestMethod]
    public void ALayoutNewerThanTheReaderIsRefusedByVersion()
    {
        // The header's high nibble is the layout version: an MLP description in layout 1.
        var thrown = Assert.ThrowsExactly<InvalidDataException>(() => PolicyNetworkOptions.Read(Reader("1102000000400000004000000000")));
        StringAssert.Contains(thrown.Message, "layout version 1");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => BackboneOptions.Read(Reader("09"))).Message, "Unknown backbone kind 9");
    }

    [TestMethod]
    public void SavedOptionsAreValidatedAsNewOnesAre()
    {
        // The MLP of H2 with activation 7 and the spiking backbone of H9 with β = 1.5.
        var activation = Assert.ThrowsExactly<InvalidDataException>(() => PolicyNetworkOptions.Read(Reader("01010000002000000007")));
        StringAssert.Contains(activation.Message, "Activation = 7");
        var beta = Assert.ThrowsExactly<InvalidDataException>(() => BackboneOptions.Read(Reader("020100000004000000030000000200000006000000000000000000F83F9A9999999999D93F0000000000001440012A00000000000000")));
        StringAssert.Contains(beta.Message, "Beta = 1.5");
    }

    private static string Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            write(writer);
        return Convert.ToHexString(stream.ToArray());
    }

    private static BinaryReader Reader(string hex) => new(new MemoryStream(Convert.FromHexString(hex)));
}
