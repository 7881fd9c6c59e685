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
}
