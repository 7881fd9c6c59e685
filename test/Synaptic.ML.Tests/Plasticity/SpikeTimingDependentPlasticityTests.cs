using Synaptic.ML.Plasticity;

namespace Synaptic.ML.Tests.Plasticity;

[TestClass]
public sealed class SpikeTimingDependentPlasticityTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(10)]
    [DataRow(40)]
    [DataRow(-1)]
    [DataRow(-10)]
    [DataRow(-40)]
    [DataRow(0)]
    public void SinglePairFollowsTheExponentialWindow(int deltaT)
    {
        // Traces are decayed before a step's pairings and incremented after, so a pair Δt apart sees
        // a trace e^{−|Δt|/τ}: ΔW = A+·e^{−Δt/τ+} (Δt > 0), −A−·e^{Δt/τ−} (Δt < 0), 0 at Δt = 0.
        var stdp = new SpikeTimingDependentPlasticity(1, 1);
        const int tPre = 60;
        var tPost = tPre + deltaT;
        for (var t = 0; t < 150; t++)
            stdp.Update([t == tPre ? 1f : 0f], [t == tPost ? 1f : 0f]);
        var expected = deltaT > 0 ? 0.005 * Math.Exp(-deltaT / 20.0)
            : deltaT < 0 ? -0.00525 * Math.Exp(deltaT / 20.0)
            : 0.0;
        var change = stdp.Eligibility[0];
        Assert.AreEqual(Math.Sign(deltaT), Math.Sign(change), "Potentiation for pre-before-post.");
        Assert.AreEqual(expected, change, Math.Abs(expected) * 1e-5 + 1e-12);
    }

    [TestMethod]
    public void EligibilityIsIndexedPostByPre()
    {
        var stdp = new SpikeTimingDependentPlasticity(2, 3);
        stdp.Update([0f, 1f, 0f], [0f, 0f]); // pre 1 fires
        stdp.Update([0f, 0f, 0f], [1f, 0f]); // post 0 fires one step later
        var e = stdp.Eligibility;
        for (var k = 0; k < e.Length; k++)
            Assert.AreEqual(k == 0 * 3 + 1 ? 0.005f * MathF.Exp(-1f / 20f) : 0f, e[k], 1e-9f, $"E[{k / 3},{k % 3}]");
    }

    [TestMethod]
    public void AllPairsAddUp()
    {
        // All-to-all: two presynaptic spikes before one postsynaptic spike add their windows.
        var stdp = new SpikeTimingDependentPlasticity(1, 1);
        for (var t = 0; t < 30; t++)
            stdp.Update([t is 0 or 5 ? 1f : 0f], [t == 15 ? 1f : 0f]);
        var expected = 0.005 * (Math.Exp(-15 / 20.0) + Math.Exp(-10 / 20.0));
        Assert.AreEqual(expected, stdp.Eligibility[0], 1e-8);
    }

    [TestMethod]
    public void BadInputsAreRejectedByName()
    {
        Assert.AreEqual("TauPlus", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new SpikeTimingDependentPlasticity(2, 2, new SpikeTimingDependentPlasticity.Options { TauPlus = 0 })).ParamName);
        Assert.AreEqual("AMinus", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => new SpikeTimingDependentPlasticity(2, 2, new SpikeTimingDependentPlasticity.Options { AMinus = -1 })).ParamName);
        Assert.AreEqual("postCount", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SpikeTimingDependentPlasticity(0, 2)).ParamName);
        var stdp = new SpikeTimingDependentPlasticity(2, 3);
        Assert.AreEqual("preSpikes", Assert.ThrowsExactly<ArgumentException>(() => stdp.Update(new float[2], new float[2])).ParamName);
        Assert.AreEqual("postSpikes", Assert.ThrowsExactly<ArgumentException>(() => stdp.Update(new float[3], new float[3])).ParamName);
    }
}
