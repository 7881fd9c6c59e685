using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Recurrent;

/// <summary>Segments cut from the sequence replay stay inside one episode, in order, with the burn-in before them.</summary>
[TestClass]
public sealed class SequenceReplayBufferTests
{
    // Observation of (episode e, step t) = [e, t]; its next observation is [e, t + 1].
    private static void Store(SequenceReplayBuffer buffer, int environment, int episode, int length, bool truncated)
    {
        for (var t = 0; t < length; t++)
        {
            var last = t == length - 1;
            buffer.Add(environment, [episode, t], action: t % 2, reward: 10 * episode + t, [episode, t + 1], terminated: last && !truncated, endsEpisode: last);
        }
    }

    [TestMethod]
    public void EverySegmentIsOneEpisodeInOrderWithItsBurnInAndNextObservation()
    {
        var buffer = new SequenceReplayBuffer(capacity: 40, environments: 2, observationSize: 2);
        Store(buffer, 0, episode: 1, length: 3, truncated: false);
        Store(buffer, 1, episode: 2, length: 9, truncated: true);
        Store(buffer, 0, episode: 3, length: 6, truncated: true);
        Store(buffer, 1, episode: 4, length: 2, truncated: false);
        Assert.AreEqual(20, buffer.Count);
        using var batch = new SequenceBatch(size: 64, burnIn: 3, length: 4, observationSize: 2);
        var random = new SplitMix64(9);
        buffer.Sample(batch, ref random);
        var cutShort = 0;
        for (var b = 0; b < batch.Size; b++)
        {
            // The first real segment step: its observation [e, t].
            var first = Input(batch, batch.BurnIn, b);
            var (episode, start) = ((int)first[0], (int)first[1]);
            var length = Enumerable.Range(0, batch.Length).Count(j => batch.Mask[j * batch.Size + b] == 1);
            var episodeLength = episode switch { 1 => 3, 2 => 9, 3 => 6, _ => 2 };
            Assert.AreEqual(Math.Min(batch.Length, episodeLength - start), length, $"segment {b} runs to its episode's end or its length");
            cutShort += length < batch.Length ? 1 : 0;
            for (var j = 0; j < length; j++)
            {
                CollectionAssert.AreEqual(new float[] { episode, start + j }, Input(batch, batch.BurnIn + j, b), $"segment {b} step {j}");
                Assert.AreEqual(10 * episode + start + j, batch.Rewards[j * batch.Size + b]);
                var terminal = start + j == episodeLength - 1 && episode is 1 or 4;
                Assert.AreEqual(terminal ? 0f : 1f, batch.Continues[j * batch.Size + b], $"segment {b} step {j} continuation");
            }
            CollectionAssert.AreEqual(new float[] { episode, start + length }, Input(batch, batch.BurnIn + length, b), "the next observation closes the segment");
            // Burn-in: the earlier steps of the same episode, and the memory starts from zero where it begins.
            var burnIn = Math.Min(batch.BurnIn, start);
            for (var m = 0; m < burnIn; m++)
                CollectionAssert.AreEqual(new float[] { episode, start - burnIn + m }, Input(batch, batch.BurnIn - burnIn + m, b), $"segment {b} burn-in {m}");
            for (var s = 0; s < batch.Steps; s++)
                Assert.AreEqual(s == batch.BurnIn - burnIn ? 0f : 1f, batch.Keep[s * batch.Size + b], $"segment {b} keep at {s}");
        }
        Assert.IsTrue(cutShort > 0, "some segments end at their episode's end");
    }

    [TestMethod]
    public void FromEpisodeStartsEverySegmentIsAWholeEpisode()
    {
        var buffer = new SequenceReplayBuffer(capacity: 30, environments: 1, observationSize: 2);
        Store(buffer, 0, episode: 1, length: 3, truncated: false);
        Store(buffer, 0, episode: 2, length: 9, truncated: true);
        Store(buffer, 0, episode: 3, length: 6, truncated: false);
        using var batch = new SequenceBatch(size: 300, burnIn: 0, length: 9, observationSize: 2);
        var random = new SplitMix64(4);
        buffer.Sample(batch, ref random, fromEpisodeStart: true);
        var drawn = new int[4];
        for (var b = 0; b < batch.Size; b++)
        {
            var first = Input(batch, 0, b);
            Assert.AreEqual(0f, first[1], $"segment {b} starts at its episode's first step");
            Assert.AreEqual(0f, batch.Keep[b], $"segment {b} starts its memory from zero");
            var episode = (int)first[0];
            var length = Enumerable.Range(0, batch.Length).Count(j => batch.Mask[j * batch.Size + b] == 1);
            Assert.AreEqual(episode switch { 1 => 3, 2 => 9, _ => 6 }, length, $"segment {b} is all of episode {episode}");
            drawn[episode]++;
        }
        // Episodes are drawn in proportion to their length (3 : 9 : 6 of 18); 300 draws, binomial bounds of 4 standard deviations.
        Assert.AreEqual(50, drawn[1], 26);
        Assert.AreEqual(150, drawn[2], 35);
        Assert.AreEqual(100, drawn[3], 33);
    }

    [TestMethod]
    public void OverwrittenStepsAreNotReplayedAsBurnIn()
    {
        // A ring of 5: the 8-step episode keeps its last 5 steps (3–7); a segment at step 3 has no burn-in left.
        var buffer = new SequenceReplayBuffer(capacity: 5, environments: 1, observationSize: 2);
        Store(buffer, 0, episode: 7, length: 8, truncated: true);
        using var batch = new SequenceBatch(size: 200, burnIn: 4, length: 2, observationSize: 2);
        var random = new SplitMix64(1);
        buffer.Sample(batch, ref random);
        for (var b = 0; b < batch.Size; b++)
        {
            var start = (int)Input(batch, batch.BurnIn, b)[1];
            Assert.IsTrue(start >= 3, "only stored steps start segments");
            var burnIn = Math.Min(4, start - 3);
            Assert.AreEqual(0f, batch.Keep[(batch.BurnIn - burnIn) * batch.Size + b], $"segment at step {start} rebuilds its memory from step {start - burnIn}");
        }
    }

    private static float[] Input(SequenceBatch batch, int step, int row) => batch.Inputs.AsSpan((step * batch.Size + row) * 2, 2).ToArray();
}
