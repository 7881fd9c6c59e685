using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.Custom;

[TestClass]
public sealed class GridWorldTests
{
    private static readonly string[] Corridor = ["S.#", "..G"];

    [TestMethod]
    public void SpacesFollowTheMapSize()
    {
        var env = new GridWorld(new GridWorld.Options { Map = Corridor });
        Assert.AreEqual("Discrete(6)", env.ObservationSpace.ToString());
        Assert.AreEqual("Discrete(4)", env.ActionSpace.ToString());
        Assert.AreEqual(6, new GridWorld(new GridWorld.Options { Map = Corridor, Observation = GridWorldObservation.OneHot }).ObservationSpace.Size);
        var rowColumn = (BoxSpace)new GridWorld(new GridWorld.Options { Map = Corridor, Observation = GridWorldObservation.RowColumn }).ObservationSpace;
        CollectionAssert.AreEqual(new[] { 1f, 2f }, rowColumn.High.ToArray());
    }

    [TestMethod]
    public void StepsEarnStepRewardBumpsStayAndGoalTerminates()
    {
        var env = new GridWorld(new GridWorld.Options { Map = Corridor });
        CollectionAssert.AreEqual(new[] { 0f }, env.Reset(seed: 1));

        var up = env.Step(GridWorld.Up);
        Assert.AreEqual(-0.1, up.Reward, "Off the grid is a wall bump.");
        CollectionAssert.AreEqual(new[] { 0f }, up.Observation, "A bump leaves the agent in place.");

        var right = env.Step(GridWorld.Right);
        Assert.AreEqual(-0.01, right.Reward);
        CollectionAssert.AreEqual(new[] { 1f }, right.Observation);

        var wall = env.Step(GridWorld.Right);
        Assert.AreEqual(-0.1, wall.Reward, "(0, 2) is a wall.");
        CollectionAssert.AreEqual(new[] { 1f }, wall.Observation);
        Assert.IsFalse(wall.Terminated || wall.Truncated);

        var down = env.Step(GridWorld.Down);
        CollectionAssert.AreEqual(new[] { 4f }, down.Observation, "Row 1, column 1 is index 1·3 + 1.");

        var goal = env.Step(GridWorld.Right);
        Assert.AreEqual(1.0, goal.Reward);
        Assert.IsTrue(goal.Terminated);
        Assert.IsFalse(goal.Truncated);
        CollectionAssert.AreEqual(new[] { 5f }, goal.Observation);
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(GridWorld.Left));
    }

    [TestMethod]
    public void RewardsComeFromOptions()
    {
        var env = new GridWorld(new GridWorld.Options { Map = Corridor, StepReward = -1, WallBumpReward = -5, GoalReward = 10 });
        env.Reset(seed: 0);
        Assert.AreEqual(-5.0, env.Step(GridWorld.Left).Reward);
        Assert.AreEqual(-1.0, env.Step(GridWorld.Down).Reward);
        Assert.AreEqual(-1.0, env.Step(GridWorld.Right).Reward);
        Assert.AreEqual(10.0, env.Step(GridWorld.Right).Reward);
    }

    [TestMethod]
    public void ShortestPathOnTheDefaultMapEarnsGoalMinusSevenSteps()
    {
        var env = new GridWorld();
        env.Reset(seed: 0);
        int[] path = [GridWorld.Right, GridWorld.Right, GridWorld.Right, GridWorld.Down, GridWorld.Down, GridWorld.Right, GridWorld.Down, GridWorld.Down];
        var total = 0.0;
        StepResult? last = null;
        foreach (var action in path)
        {
            last = env.Step(action);
            total += last.Reward;
        }
        Assert.IsTrue(last!.Terminated);
        Assert.AreEqual(1 - 7 * 0.01, total, 1e-12);
        Assert.AreEqual((4, 4), ((GridWorld)env.Unwrapped).Agent);
    }

    [TestMethod]
    public void OneHotAndRowColumnObservationsEncodeTheSameCell()
    {
        var oneHot = new GridWorld(new GridWorld.Options { Map = Corridor, Observation = GridWorldObservation.OneHot });
        var rowColumn = new GridWorld(new GridWorld.Options { Map = Corridor, Observation = GridWorldObservation.RowColumn });
        CollectionAssert.AreEqual(new[] { 1f, 0, 0, 0, 0, 0 }, oneHot.Reset(seed: 0));
        CollectionAssert.AreEqual(new[] { 0f, 0f }, rowColumn.Reset(seed: 0));
        CollectionAssert.AreEqual(new[] { 0f, 0, 0, 1, 0, 0 }, oneHot.Step(GridWorld.Down).Observation);
        CollectionAssert.AreEqual(new[] { 1f, 0f }, rowColumn.Step(GridWorld.Down).Observation);
        Assert.IsTrue(oneHot.ObservationSpace.Contains(oneHot.Step(GridWorld.Right).Observation));
    }

    [TestMethod]
    public void RenderTextShowsTheGridWithTheAgent()
    {
        var env = new GridWorld(new GridWorld.Options { Map = Corridor });
        env.Reset(seed: 0);
        Assert.AreEqual("A.#\n..G", env.RenderText());
        env.Step(GridWorld.Down);
        Assert.AreEqual("S.#\nA.G", env.RenderText());
    }

    [TestMethod]
    public void RenderDrawsCellsAndTheAgent()
    {
        var env = new GridWorld(new GridWorld.Options { Map = Corridor });
        env.Reset(seed: 0);
        var frame = env.Render();
        Assert.AreEqual(3 * 32, frame.Width);
        Assert.AreEqual(2 * 32, frame.Height);
        var agent = Pixel(frame, 16, 16);
        Assert.IsTrue(agent.R > 180 && agent.G < 80 && agent.B < 80, $"The agent's cell centre is {agent}, not red.");
        var wall = Pixel(frame, 2 * 32 + 16, 16);
        Assert.IsTrue(wall.R < 80 && wall.G < 80, $"The wall cell is {wall}, not dark.");
        var goal = Pixel(frame, 2 * 32 + 16, 32 + 16);
        Assert.IsTrue(goal.G > 150 && goal.R < 100, $"The goal cell is {goal}, not green.");
    }

    [TestMethod]
    public void SetTaskActsAtOnceBetweenEpisodesAndFromTheNextResetDuringOne()
    {
        var env = new GridWorld(new GridWorld.Options { Map = Corridor });
        var task = GridWorldMap.Parse("..G", "S.#");
        env.SetTask(task);
        Assert.AreSame(task, env.Map, "No episode runs: the task applies at once.");
        CollectionAssert.AreEqual(new[] { 3f }, env.Reset(seed: 0), "The new start (1, 0) is index 3.");

        var original = GridWorldMap.Parse(Corridor);
        env.SetTask(original);
        Assert.AreSame(task, env.Map, "The running episode keeps its maze.");
        CollectionAssert.AreEqual(new[] { 0f }, env.Step(GridWorld.Up).Observation, "Still the old maze: (0, 0) is free there.");
        CollectionAssert.AreEqual(new[] { 0f }, env.Reset(), "The next episode starts on the new maze.");
        Assert.AreSame(original, env.Map);

        var e = Assert.ThrowsExactly<ArgumentException>(() => env.SetTask(GridWorldMap.Parse("SG")));
        Assert.Contains("1x2", e.Message);
        Assert.Contains("2x3", e.Message);
    }

    [TestMethod]
    public void SetTaskWorksAfterATimeLimitTruncation()
    {
        var env = new MLContext(seed: 0).Synaptic().Environments.GridWorld(new GridWorld.Options { Map = Corridor }, maxEpisodeSteps: 2);
        env.Reset(seed: 0);
        env.Step(GridWorld.Up);
        Assert.IsTrue(env.Step(GridWorld.Up).Truncated);
        ((GridWorld)env.Unwrapped).SetTask(GridWorldMap.Parse("..G", "S.#"));
        CollectionAssert.AreEqual(new[] { 3f }, env.Reset());
    }

    [TestMethod]
    public void ForTaskBuildsAnEnvironmentOnTheTaskWithTheOtherOptions()
    {
        var task = GridWorldMap.Parse("..G", "S.#");
        var env = GridWorld.ForTask(task, new GridWorld.Options { Observation = GridWorldObservation.RowColumn, GoalReward = 3 });
        CollectionAssert.AreEqual(new[] { 1f, 0f }, env.Reset(seed: 0));
        env.Step(GridWorld.Up);
        env.Step(GridWorld.Right);
        Assert.AreEqual(3.0, env.Step(GridWorld.Right).Reward);
    }

    [TestMethod]
    public void BadOptionsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new GridWorld(new GridWorld.Options { Map = ["S.", ".."] }));
        var e = Assert.ThrowsExactly<ArgumentException>(() => new GridWorld(new GridWorld.Options { StepReward = double.NaN }));
        Assert.Contains("StepReward", e.Message);
        var env = new GridWorld();
        env.Reset(seed: 0);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Step(4));
    }

    [TestMethod]
    public void CatalogAppliesTheRegisteredTimeLimit()
    {
        var catalog = new MLContext(seed: 0).Synaptic().Environments;
        var env = catalog.GridWorld();
        Assert.IsInstanceOfType<TimeLimit>(env);
        Assert.AreEqual(new EnvSpec("GridWorld-v0", 100, null), env.Spec);
        env.Reset(seed: 0);
        for (var i = 1; i < 100; i++)
            Assert.IsFalse(env.Step(GridWorld.Up).Truncated, $"Step {i} truncated early.");
        Assert.IsTrue(env.Step(GridWorld.Up).Truncated);

        var unlimited = catalog.GridWorld(new GridWorld.Options { Map = Corridor }, maxEpisodeSteps: null);
        Assert.IsInstanceOfType<GridWorld>(unlimited);
        Assert.IsNull(unlimited.Spec!.MaxEpisodeSteps);
    }

    internal static (byte R, byte G, byte B) Pixel(Frame frame, int x, int y)
    {
        var i = (y * frame.Width + x) * 3;
        return (frame.Rgb[i], frame.Rgb[i + 1], frame.Rgb[i + 2]);
    }
}
