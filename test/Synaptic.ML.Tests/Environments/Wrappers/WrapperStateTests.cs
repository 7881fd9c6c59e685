using System.Globalization;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Wrappers;

[TestClass]
public sealed class WrapperStateTests
{
    private const int StepsBefore = 700;
    private const int StepsAfter = 900;

    private static readonly Dictionary<string, Func<Env>> Stacks = new()
    {
        ["NormalizeReward(NormalizeObservation(FrameStack(Pendulum, 3)))"] =
            () => new NormalizeReward(new NormalizeObservation(new FrameStackObservation(EnvRegistry.Make("Pendulum-v1"), 3), clip: 5f)),
        ["RecordEpisodeStatistics(ClipAction(RescaleAction(MountainCarContinuous)))"] =
            () => new RecordEpisodeStatistics(new ClipAction(new RescaleAction(EnvRegistry.Make("MountainCarContinuous-v0"), -2f, 2f)), bufferLength: 3),
        ["DiscretizeObservation(MaskObservation(CartPole))"] =
            () => new DiscretizeObservation(new MaskObservation(EnvRegistry.Make("CartPole-v1"), 1, 3), 6),
        ["RecordEpisodeStatistics(FrozenLake8x8)"] =
            () => new RecordEpisodeStatistics(EnvRegistry.Make("FrozenLake8x8-v1"), bufferLength: 4),
        ["FrameStack(TimeLimit(LaneKeeping with sharp turns, 40), 2)"] =
            () => new FrameStackObservation(new TimeLimit(new LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.SharpTurns }), 40), 2),
    };

    public static IEnumerable<object[]> StackNames() => Stacks.Keys.Select(name => new object[] { name });

    [TestMethod]
    [DynamicData(nameof(StackNames))]
    public void AWrapperStackLoadedIntoAFreshStack_ContinuesBitForBit(string stack)
    {
        var original = Stacks[stack]();
        original.Reset(seed: 21);
        var actions = new SplitMix64(8);
        EnvStateReplay.Run(original, ref actions, StepsBefore);
        if (original is NormalizeReward normalized)
            ((NormalizeObservation)normalized.Inner).UpdateRunningMean = false;   // settings that change later steps are saved too
        var state = EnvStateReplay.Save(original);
        var actionsAtSave = actions;
        var expected = EnvStateReplay.Run(original, ref actions, StepsAfter);

        var restored = Stacks[stack]();
        EnvStateReplay.Load(restored, state);
        var replayed = actionsAtSave;
        var actual = EnvStateReplay.Run(restored, ref replayed, StepsAfter);

        Assert.IsGreaterThan(0, expected.EpisodeEnds, $"{stack}: the continuation should end episodes.");
        EnvStateReplay.AssertSame(expected, actual, stack);
        Assert.AreEqual(Describe(original), Describe(restored), $"{stack}: the wrappers' own state after the continuation");

        var unrestored = Stacks[stack]();
        unrestored.Reset(seed: 21);
        var control = actionsAtSave;
        CollectionAssert.AreNotEqual(expected.Lines.ToArray(), EnvStateReplay.Run(unrestored, ref control, StepsAfter).Lines.ToArray(),
            $"{stack}: without loading, the continuation should differ.");
    }

    [TestMethod]
    public void RecordGif_ThrowsNotSupported_SayingWhy_AndWritesNothing()
    {
        var env = new RecordGif(EnvRegistry.Make("CartPole-v1"), Path.Combine(Path.GetTempPath(), "never-written"));
        using var stream = new MemoryStream();

        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.SaveState(new BinaryWriter(stream)));

        StringAssert.Contains(error.Message, "RecordGif");
        StringAssert.Contains(error.Message, "GIF file");
        Assert.AreEqual(0L, stream.Length);
    }

    [TestMethod]
    public void StatisticsOfAnotherSize_ThrowInvalidData_NamingBothSizes()
    {
        var three = new NormalizeObservation(new FrameStackObservation(EnvRegistry.Make("Pendulum-v1"), 3));
        var two = new NormalizeObservation(new FrameStackObservation(EnvRegistry.Make("Pendulum-v1"), 2));

        var error = Assert.ThrowsExactly<InvalidDataException>(() => EnvStateReplay.Load(two, EnvStateReplay.Save(three)));

        StringAssert.Contains(error.Message, "9 values");
        StringAssert.Contains(error.Message, "6");
    }

    // The public state of every wrapper in the stack that keeps some beyond what the trace shows.
    private static string Describe(Env env)
    {
        var parts = new List<string>();
        for (var level = env; level is Wrapper wrapper; level = wrapper.Inner)
        {
            switch (wrapper)
            {
                case RecordEpisodeStatistics stats:
                    parts.Add($"episodes {stats.EpisodeCount}, return {stats.EpisodeReturn.ToString("R", CultureInfo.InvariantCulture)}, length {stats.EpisodeLength}, "
                        + $"returns [{string.Join(", ", stats.ReturnQueue.Select(r => r.ToString("R", CultureInfo.InvariantCulture)))}], lengths [{string.Join(", ", stats.LengthQueue)}], "
                        + $"times kept {stats.TimeQueue.Count}");
                    break;
                case NormalizeObservation observations:
                    parts.Add($"observation statistics {Describe(observations.Statistics)}, updating {observations.UpdateRunningMean}");
                    break;
                case NormalizeReward rewards:
                    parts.Add($"reward statistics {Describe(rewards.Statistics)}, discounted return {rewards.DiscountedReturn.ToString("R", CultureInfo.InvariantCulture)}");
                    break;
                case TimeLimit limit:
                    parts.Add($"elapsed {limit.ElapsedSteps}");
                    break;
                case DiscretizeObservation discretize:
                    parts.Add($"raw {EnvStateReplay.Bits(discretize.RawObservation)}");
                    break;
                case MaskObservation mask:
                    parts.Add($"full {EnvStateReplay.Bits(mask.FullObservation)}");
                    break;
            }
        }
        return string.Join("; ", parts);
    }

    private static string Describe(RunningMeanStd statistics) =>
        string.Join(",", statistics.Mean.ToArray().Concat(statistics.Variance.ToArray()).Append(statistics.Count).Select(BitConverter.DoubleToInt64Bits));
}
