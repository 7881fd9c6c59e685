using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments;

/// <summary>
/// Runs of an environment recorded bit for bit, to check that a state saved with
/// <see cref="Env.SaveState"/> and loaded into a fresh instance continues exactly as the original.
/// </summary>
internal static class EnvStateReplay
{
    /// <summary>One line per reset and per step: action, observation, reward and flags as bit patterns.</summary>
    /// <param name="Lines">The record.</param>
    /// <param name="EpisodeEnds">Steps that ended an episode (each followed, at the next step, by a reset without seed).</param>
    /// <param name="Resets">Resets without seed.</param>
    public sealed record Trace(IReadOnlyList<string> Lines, int EpisodeEnds, int Resets);

    /// <summary>
    /// Takes <paramref name="steps"/> steps with actions sampled from <paramref name="actions"/>,
    /// resetting without a seed before a step whenever the episode has ended (or has lasted
    /// <paramref name="episodeCap"/> steps, for environments that random actions rarely finish), so
    /// that the environment's generator is exercised as in training.
    /// </summary>
    public static Trace Run(Env env, ref SplitMix64 actions, int steps, int episodeCap = int.MaxValue)
    {
        var observation = new float[env.ObservationSpace.Size];
        var action = new float[env.ActionSpace.Size];
        var lines = new List<string>();
        int ends = 0, resets = 0, inEpisode = 0;
        for (var t = 0; t < steps; t++)
        {
            if (env.NeedsReset || inEpisode == episodeCap)
            {
                env.Reset(observation);
                lines.Add($"reset {Bits(observation)}");
                resets++;
                inEpisode = 0;
            }
            env.ActionSpace.Sample(action, ref actions);
            var outcome = env.Step(action, observation);
            inEpisode++;
            lines.Add($"step {Bits(action)} -> {Bits(observation)} reward {BitConverter.DoubleToInt64Bits(outcome.Reward):X16} {outcome.Terminated} {outcome.Truncated}");
            if (outcome.Done)
                ends++;
        }
        return new Trace(lines, ends, resets);
    }

    public static byte[] Save(Env env)
    {
        using var stream = new MemoryStream();
        env.SaveState(new BinaryWriter(stream));
        return stream.ToArray();
    }

    /// <summary>Loads <paramref name="state"/> into <paramref name="env"/> and checks that all of it was read.</summary>
    public static void Load(Env env, byte[] state)
    {
        using var stream = new MemoryStream(state);
        env.LoadState(new BinaryReader(stream));
        Assert.AreEqual(state.Length, stream.Position, $"LoadState of {env.Id} should read the whole saved state.");
    }

    /// <summary>Fails at the first line where the traces differ, showing both.</summary>
    public static void AssertSame(Trace expected, Trace actual, string label)
    {
        var count = Math.Min(expected.Lines.Count, actual.Lines.Count);
        for (var i = 0; i < count; i++)
        {
            if (expected.Lines[i] != actual.Lines[i])
                Assert.Fail($"{label}: line {i} differs.\nexpected {expected.Lines[i]}\nactual   {actual.Lines[i]}");
        }
        Assert.AreEqual(expected.Lines.Count, actual.Lines.Count, $"{label}: the traces have different lengths.");
    }

    public static string Bits(ReadOnlySpan<float> values)
    {
        var bits = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
            bits[i] = BitConverter.SingleToInt32Bits(values[i]).ToString("X8");
        return string.Join(",", bits);
    }
}
