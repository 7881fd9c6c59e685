using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Randomness;

[TestClass]
public sealed class BernoulliTests
{
    [TestMethod]
    [DataRow(-1f)]
    [DataRow(0f)]
    [DataRow(1e-9f)]
    [DataRow(0.3f)]
    [DataRow(0.5f)]
    [DataRow(0.999999f)]
    [DataRow(1f)]
    [DataRow(3f)]
    public void DrawEqualsComparingAUniformWithTheProbability(float p)
    {
        var branchFree = new SplitMix64(123);
        var reference = new SplitMix64(123);
        var threshold = Bernoulli.Threshold(p);
        for (var i = 0; i < 20_000; i++)
            Assert.AreEqual(reference.NextSingle() < p ? 1f : 0f, Bernoulli.Draw(ref branchFree, threshold), $"Draw {i} at p = {p}.");
    }

    [TestMethod]
    public void StreamsArePureFunctionsOfSeedAndStream()
    {
        var a = SplitMix64.ForStream(7, 3);
        var b = SplitMix64.ForStream(7, 3);
        var c = SplitMix64.ForStream(7, 4);
        var first = a.NextUInt64();
        Assert.AreEqual(first, b.NextUInt64());
        Assert.AreNotEqual(first, c.NextUInt64());
    }
}
