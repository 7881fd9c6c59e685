using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.Wrappers;

/// <summary>RescaleObservation's affine map, by hand, and its refusals.</summary>
[TestClass]
public sealed class RescaleObservationTests
{
    [TestMethod]
    public void EachElementIsMappedAffinelyFromItsBoundsOntoTheNewOnes()
    {
        // Bounds [−4, 4] and [0, 10] onto [−1, 1]: o ↦ o / 4 and o ↦ (o − 5) / 5.
        var inner = new ScriptedEnv([[2f, 0f], [-4f, 10f], [1f, 7.5f]], observationSpace: new BoxSpace([-4f, 0f], [4f, 10f]));
        var env = new RescaleObservation(inner, -1f, 1f);
        CollectionAssert.AreEqual(new[] { -1f, -1f }, ((BoxSpace)env.ObservationSpace).Low.ToArray());
        CollectionAssert.AreEqual(new[] { 1f, 1f }, ((BoxSpace)env.ObservationSpace).High.ToArray());
        CollectionAssert.AreEqual(new[] { 0.5f, -1f }, env.Reset(0));
        CollectionAssert.AreEqual(new[] { -1f, 1f }, env.Step([0f]).Observation);
        CollectionAssert.AreEqual(new[] { 0.25f, 0.5f }, env.Step([0f]).Observation);
    }

    [TestMethod]
    public void MaskedCartPoleAnglesAreScaledByTheirBound()
    {
        var masked = new MaskObservation(EnvRegistry.Make("CartPole-v1"), 1, 3);
        var raw = masked.Reset(4).ToArray();
        var scaled = new RescaleObservation(new MaskObservation(EnvRegistry.Make("CartPole-v1"), 1, 3), -1f, 1f).Reset(4).ToArray();
        var high = ((BoxSpace)masked.ObservationSpace).High.ToArray();
        for (var i = 0; i < raw.Length; i++)
            Assert.AreEqual(raw[i] / high[i], scaled[i], 1e-6, $"element {i}");
    }

    [TestMethod]
    public void UnboundedOrEmptyRangesAreRefused()
    {
        var cartPole = EnvRegistry.Make("CartPole-v1");
        var unbounded = Assert.ThrowsExactly<ArgumentException>(() => new RescaleObservation(cartPole, -1f, 1f));
        StringAssert.Contains(unbounded.Message, "CartPole-v1");
        var bounds = new ScriptedEnv([[0f]], observationSpace: new BoxSpace([0f], [1f]));
        Assert.ThrowsExactly<ArgumentException>(() => new RescaleObservation(bounds, 1f, 1f));
        Assert.ThrowsExactly<ArgumentException>(() => new RescaleObservation(bounds, float.NaN, 1f));
    }
}
