using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.OffPolicy;

[TestClass]
public sealed class ReplayBufferTests
{
    [TestMethod]
    public void AFullBufferOverwritesTheOldestTransitions()
    {
        var buffer = new ReplayBuffer(3, 1);
        for (var i = 0; i < 5; i++)
            buffer.Add([i], i % 2, i, [i + 0.5f], i == 4);
        Assert.AreEqual(3, buffer.Count);
        var seen = Draw(buffer, 300).Select(t => (int)t.Observation).ToHashSet();
        CollectionAssert.AreEquivalent(new[] { 2, 3, 4 }, seen.ToArray(), "Transitions 0 and 1 were overwritten by 3 and 4.");
    }

    [TestMethod]
    public void SamplesKeepEachTransitionTogetherAndMarkTerminalOnes()
    {
        var buffer = new ReplayBuffer(10, 2);
        for (var i = 0; i < 10; i++)
            buffer.Add([i, -i], i % 3, 10 * i, [i + 100, -i - 100], i % 4 == 0);
        foreach (var t in Draw(buffer, 200, observationSize: 2))
        {
            var i = (int)t.Observation;
            Assert.AreEqual(i % 3, t.Action);
            Assert.AreEqual(10f * i, t.Reward);
            Assert.AreEqual(i + 100f, t.Next);
            Assert.AreEqual(i % 4 == 0 ? 0f : 1f, t.NotTerminated);
        }
    }

    [TestMethod]
    public void SamplingIsUniform()
    {
        var buffer = new ReplayBuffer(4, 1);
        for (var i = 0; i < 4; i++)
            buffer.Add([i], 0, 0, [0], false);
        var counts = new int[4];
        foreach (var t in Draw(buffer, 40_000))
            counts[(int)t.Observation]++;
        // Each count is binomial(40,000, 1/4): standard deviation ≈ 87; 5 σ either way.
        foreach (var c in counts)
            Assert.IsLessThan(435, Math.Abs(c - 10_000), string.Join(", ", counts));
    }

    [TestMethod]
    public void WriteAndReadRestoreTheContentsAndTheNextSlot()
    {
        var buffer = new ReplayBuffer(3, 1);
        for (var i = 0; i < 4; i++)
            buffer.Add([i], 1, i, [i], false);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            buffer.Write(writer);
        stream.Position = 0;
        var copy = new ReplayBuffer(3, 1);
        copy.Read(new BinaryReader(stream));
        buffer.Add([9], 0, 9, [9], true);
        copy.Add([9], 0, 9, [9], true);
        CollectionAssert.AreEqual(Draw(buffer, 50).Select(t => t.Observation).ToArray(), Draw(copy, 50).Select(t => t.Observation).ToArray());
        var other = new ReplayBuffer(4, 1);
        stream.Position = 0;
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => other.Read(new BinaryReader(stream)));
        StringAssert.Contains(ex.Message, "3 transitions of 1 floats");
    }

    private static List<(float Observation, long Action, float Reward, float Next, float NotTerminated)> Draw(ReplayBuffer buffer, int count, int observationSize = 1)
    {
        var random = new SplitMix64(7);
        var o = new float[count * observationSize];
        var n = new float[count * observationSize];
        var a = new long[count];
        var r = new float[count];
        var d = new float[count];
        buffer.Sample(count, ref random, o, a, r, n, d);
        return Enumerable.Range(0, count).Select(b => (o[b * observationSize], a[b], r[b], n[b * observationSize], d[b])).ToList();
    }
}
