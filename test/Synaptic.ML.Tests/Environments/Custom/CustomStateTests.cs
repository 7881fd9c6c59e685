using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.Environments.Custom;

/// <summary>Saved states of the project's environments keep what is changed between episodes: GridWorld's task, LaneKeeping's phase.</summary>
[TestClass]
public sealed class CustomStateTests
{
    [TestMethod]
    public void GridWorld_KeepsTheRunningMazeAndThePendingTask()
    {
        var tasks = GridWorldTaskDistribution.RandomMazes(7, 7, seed: 3);
        var original = GridWorld.ForTask(tasks.Sample());
        original.Reset(seed: 1);
        var running = original.Map;
        var next = tasks.Sample();
        original.SetTask(next);   // an episode is running: the task applies from the next reset
        Assert.AreEqual(running, original.Map);
        var state = EnvStateReplay.Save(original);
        var actions = new SplitMix64(2);
        var actionsAtSave = actions;
        var expected = EnvStateReplay.Run(original, ref actions, 400);

        var restored = GridWorld.ForTask(GridWorldTaskDistribution.RandomMazes(7, 7, seed: 99).Sample());
        EnvStateReplay.Load(restored, state);
        Assert.AreEqual(running, restored.Map);
        var actual = EnvStateReplay.Run(restored, ref actionsAtSave, 400);

        Assert.IsGreaterThan(0, expected.EpisodeEnds);
        EnvStateReplay.AssertSame(expected, actual, "GridWorld");
        Assert.AreEqual(next, original.Map);
        Assert.AreEqual(next, restored.Map, "the pending task should have applied after the episode ended");
        Assert.AreEqual(original.RenderText(), restored.RenderText());
    }

    [TestMethod]
    public void GridWorld_StateOfAnotherSize_ThrowsInvalidData()
    {
        var small = GridWorld.ForTask(GridWorldTaskDistribution.RandomMazes(5, 5, seed: 1).Sample());
        small.Reset(seed: 1);

        var error = Assert.ThrowsExactly<InvalidDataException>(
            () => EnvStateReplay.Load(GridWorld.ForTask(GridWorldTaskDistribution.RandomMazes(7, 7, seed: 1).Sample()), EnvStateReplay.Save(small)));

        StringAssert.Contains(error.Message, "5 rows");
        StringAssert.Contains(error.Message, "7");
    }

    [TestMethod]
    public void LaneKeeping_KeepsTheRoadPoseAndThePhaseOfTheNextEpisode()
    {
        static LaneKeeping Make() => new(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.GentleCurves, IncludePose = true });
        var original = Make();
        original.Reset(seed: 5);
        var actions = new SplitMix64(6);
        EnvStateReplay.Run(original, ref actions, 30);
        original.Phase = LaneKeepingRoadProfile.ComplexTrack;   // from the next episode
        var state = EnvStateReplay.Save(original);
        var actionsAtSave = actions;
        var expected = EnvStateReplay.Run(original, ref actions, 400);

        var restored = Make();
        EnvStateReplay.Load(restored, state);
        Assert.AreEqual(LaneKeepingRoadProfile.ComplexTrack, restored.Phase);
        Assert.AreEqual(LaneKeepingRoadProfile.GentleCurves, restored.EpisodePhase);
        var actual = EnvStateReplay.Run(restored, ref actionsAtSave, 400);

        Assert.IsGreaterThan(0, expected.EpisodeEnds);
        EnvStateReplay.AssertSame(expected, actual, "LaneKeeping");
        Assert.AreEqual(LaneKeepingRoadProfile.ComplexTrack, restored.EpisodePhase);
        Assert.AreEqual((original.Distance, original.LateralPosition, original.Heading), (restored.Distance, restored.LateralPosition, restored.Heading));
    }
}
