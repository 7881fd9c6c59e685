using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Randomness;

[TestClass]
public sealed class SplitMix64Tests
{
    [TestMethod]
    public void AGeneratorMadeFromAnotherOnesState_DrawsTheSameValuesFromThere()
    {
        var random = SplitMix64.ForStream(77, 3);
        random.NextUInt64();
        var copy = new SplitMix64(random.State);

        for (var i = 0; i < 10; i++)
            Assert.AreEqual(random.NextUInt64(), copy.NextUInt64(), $"draw {i}");
        Assert.AreNotEqual(random.NextUInt64(), new SplitMix64(77).NextUInt64());
    }

    [TestMethod]
    public void SkippingDrawsIsDrawingThem()
    {
        var drawn = new SplitMix64(77);
        for (var i = 0; i < 1_000; i++)
            drawn.NextSingle();
        var skipped = new SplitMix64(77);
        skipped.Skip(1_000);
        Assert.AreEqual(drawn.State, skipped.State);
        Assert.AreEqual(drawn.NextUInt64(), skipped.NextUInt64());
    }

    [TestMethod]
    public void ForValuesIsTheStreamOfTheFnv1aHashOfTheBitsXorTheSeed()
    {
        // The key the spiking policy's rate code has used since it was written (KeyedNoise): FNV-1a over the 32-bit
        // patterns, xor the seed, as the generator's state. Pinned so the encoders and the policy keep drawing the same.
        float[] values = [0.25f, -0f, 1e-3f, 7f];
        var hash = 0xCBF29CE484222325UL;
        foreach (var v in values)
            hash = (hash ^ BitConverter.SingleToUInt32Bits(v)) * 0x100000001B3UL;
        var expected = new SplitMix64(hash ^ 42UL);
        var actual = SplitMix64.ForValues(42UL, values);
        Assert.AreEqual(expected.State, actual.State);
        Assert.AreNotEqual(actual.State, SplitMix64.ForValues(42UL, [0.25f, 0f, 1e-3f, 7f]).State, "−0 and 0 are other bits.");
    }
}
