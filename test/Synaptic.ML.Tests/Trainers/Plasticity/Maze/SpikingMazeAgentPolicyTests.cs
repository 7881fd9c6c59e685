using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity.Maze;

/// <summary>The spiking maze agent's policy: saving and loading, deterministic scoring through the prediction engine, the teacher, and bad input named.</summary>
[TestClass]
public sealed class SpikingMazeAgentPolicyTests : TempDirectoryTest
{
    private static PolicyTransformer TrainShort(MLContext ml, int episodes = 40) =>
        MazeFixture.Train(ml, new SpikingMazeAgentTrainer.Options { EnvironmentFactory = MazeFixture.Maze, Seed = 2, Episodes = episodes, TeacherProbability = 0.5 });

    private static float[] ActionsOfEveryCell(PolicyModel model)
    {
        var cells = Enumerable.Range(0, 64).Select(c => (float)c).ToArray();
        var actions = new float[cells.Length];
        model.Act(cells, cells.Length, actions, [], PolicyState.Stateless, [], []);
        return actions;
    }

    [TestMethod]
    public void TheMazePolicyRoundTripsThroughAZipAndTakesTheSameActions()
    {
        var ml = new MLContext(seed: 0);
        var trained = TrainShort(ml);
        var path = Path.Combine(Dir, "maze.zip");
        ml.Model.Save(trained, MazeFixture.Data(ml).Schema, path);
        var loaded = (PolicyTransformer)new MLContext(seed: 1).Synaptic().LoadModel(path, out _);
        var before = (SpikingMazeAgentPolicy)trained.Model;
        var after = (SpikingMazeAgentPolicy)loaded.Model;
        Assert.AreEqual("SpikingMazeAgent", after.Kind);
        CollectionAssert.AreEqual(before.Weights.ToArray(), after.Weights.ToArray());
        Assert.AreEqual((before.Cells, before.Actions, before.PoolSize, before.StepsPerDecision, before.NoiseSeed),
            (after.Cells, after.Actions, after.PoolSize, after.StepsPerDecision, after.NoiseSeed));
        var actions = ActionsOfEveryCell(before);
        CollectionAssert.AreEqual(actions, ActionsOfEveryCell(after), "The loaded policy takes the trained one's action in every cell.");
        CollectionAssert.AreEqual(actions, ActionsOfEveryCell(before), "The same cell gives the same action every time.");
        CollectionAssert.AreEqual(before.SpikeCounts(8), after.SpikeCounts(8));
        Assert.IsTrue(actions.Distinct().Count() > 1, "Different cells lead to different actions.");
        Assert.AreEqual(MazeFixture.Success(ml, trained, 2), MazeFixture.Success(ml, loaded, 2));
    }

    [TestMethod]
    public void ThePredictionEngineScoresACellWithThePoliciesAction()
    {
        var ml = new MLContext(seed: 0);
        var policy = TrainShort(ml);
        var engine = ml.Model.CreatePredictionEngine<Cell, MazeAction>(policy);
        var model = (SpikingMazeAgentPolicy)policy.Model;
        for (var c = 0; c < 64; c++)
        {
            var counts = model.SpikeCounts(c);
            var best = Array.IndexOf(counts, counts.Max());
            Assert.AreEqual(best, engine.Predict(new Cell { Observation = [c] }).Action, $"Cell {c}: the pool with the most spikes ({string.Join(", ", counts)}).");
        }
    }

    [TestMethod]
    public void SameSeedSameAgentAndTheTrainedWeightsStayInTheirRange()
    {
        var first = (SpikingMazeAgentPolicy)TrainShort(new MLContext(seed: 0), 10).Model;
        var second = (SpikingMazeAgentPolicy)TrainShort(new MLContext(seed: 5), 10).Model;
        CollectionAssert.AreEqual(first.Weights.ToArray(), second.Weights.ToArray());
        Assert.IsTrue(first.Weights.ToArray().All(w => w >= 0 && w <= 1), "Weights are clipped to [0, 1].");
    }

    [TestMethod]
    public void TheTeacherFollowsAShortestPath()
    {
        var map = GridWorldMap.Parse(MazeMaps.Maze8x8);
        var teacher = new MazeTeacher(map);
        var env = new GridWorld(new GridWorld.Options { Map = MazeMaps.Maze8x8 });
        var observation = new float[1];
        env.Reset(observation);
        var moves = 0;
        StepOutcome outcome;
        do
        {
            var cell = (int)observation[0];
            Assert.AreEqual(map.ShortestPathLength - moves, teacher.Distance(cell));
            outcome = env.Step([teacher.Action(cell)], observation);
            moves++;
        }
        while (!outcome.Terminated && moves < 100);
        Assert.IsTrue(outcome.Terminated);
        Assert.AreEqual(18, moves, "The 8×8 maze's shortest path takes 18 moves.");
        Assert.AreEqual(-1, teacher.Action(63), "No action at the goal.");
        Assert.AreEqual(-1, teacher.Distance(2), "Walls have no distance.");
    }

    [TestMethod]
    public void ABoxObservationIsRefusedNamingTheSpace()
    {
        var ml = new MLContext(seed: 0);
        var options = new SpikingMazeAgentTrainer.Options { EnvironmentId = "CartPole-v1", Episodes = 1 };
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.SpikingMazeAgent(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1")));
        StringAssert.Contains(ex.Message, "CartPole-v1");
        StringAssert.Contains(ex.Message, "not discrete");
    }

    [TestMethod]
    public void ContinuousActionsAreRefusedNamingTheSpace()
    {
        var ml = new MLContext(seed: 0);
        var options = new SpikingMazeAgentTrainer.Options { EnvironmentFactory = () => new CellsWithBoxActions(), Episodes = 1 };
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.SpikingMazeAgent(options).Fit(ml.Data.LoadFromEnumerable(new[] { new Cell() })));
        StringAssert.Contains(ex.Message, "action space");
        StringAssert.Contains(ex.Message, "not discrete");
    }

    [TestMethod]
    public void ANonFiniteRewardIsNamedWithItsEpisodeAndStep()
    {
        var ml = new MLContext(seed: 0);
        var options = new SpikingMazeAgentTrainer.Options { EnvironmentFactory = () => new CellsWithNaNReward(), Episodes = 1 };
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Synaptic().Trainers.SpikingMazeAgent(options).Fit(ml.Data.LoadFromEnumerable(new[] { new Cell() })));
        StringAssert.Contains(ex.Message, "returned the reward NaN at step 2 of episode");
    }

    [TestMethod]
    public void ATeacherNeedsAGridWorld()
    {
        var ml = new MLContext(seed: 0);
        var options = new SpikingMazeAgentTrainer.Options { EnvironmentId = "FrozenLake-v1", Episodes = 1, TeacherProbability = 0.5 };
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Synaptic().Trainers.SpikingMazeAgent(options).Fit(TrainedPolicies.Episodes(ml, "FrozenLake-v1")));
        StringAssert.Contains(ex.Message, "TeacherProbability");
        StringAssert.Contains(ex.Message, "GridWorld");
    }

    [TestMethod]
    public void OptionsOutOfRangeAreNamed()
    {
        var ml = new MLContext(seed: 0);
        foreach (var (breakIt, name) in new (Action<SpikingMazeAgentTrainer.Options>, string)[]
        {
            (o => o.PoolSize = 0, "PoolSize"),
            (o => o.TeacherProbability = 1.5, "TeacherProbability"),
            (o => o.InitialWeight = 2, "InitialWeight"),
            (o => o.WeightMax = -1, "WeightMax"),
            (o => o.EligibilityDecay = double.NaN, "EligibilityDecay"),
            (o => o.InputRate = 0, "InputRate"),
        })
        {
            var options = MazeFixture.Options(1);
            breakIt(options);
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Synaptic().Trainers.SpikingMazeAgent(options), name);
            StringAssert.Contains(ex.Message, name);
        }
    }

    [TestMethod]
    public void ASavedWeightOutsideItsRangeIsNamedAtLoad()
    {
        var ml = new MLContext(seed: 0);
        var trained = TrainShort(ml, 2);
        var model = (SpikingMazeAgentPolicy)trained.Model;
        model.MutableWeights[2 * model.Cells + 5] = 1.5f;
        var path = Path.Combine(Dir, "broken.zip");
        ml.Model.Save(trained, MazeFixture.Data(ml).Schema, path);
        var ex = Assert.Throws<Exception>(() => ml.Synaptic().LoadModel(path, out _));
        var messages = string.Join(" | ", Chain(ex).Select(e => e.Message));
        StringAssert.Contains(messages, "W[2, 5] is 1.5, outside its range [0, 1]");
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return e;
    }

    private sealed class Cell
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [0];
    }

    private sealed class MazeAction
    {
        public int Action { get; set; }
    }

    /// <summary>Two cells and a continuous action: what the maze agent cannot drive.</summary>
    private sealed class CellsWithBoxActions() : Env("CellsWithBoxActions-v0")
    {
        public override Space ObservationSpace { get; } = new DiscreteSpace(2);

        public override Space ActionSpace { get; } = new BoxSpace(-1f, 1f, 1);

        protected override void OnReset(Span<float> observation, int? seed) => observation[0] = 0;

        protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation) => new(0, true, false);
    }

    /// <summary>Four cells whose second step pays a NaN reward.</summary>
    private sealed class CellsWithNaNReward() : Env("CellsWithNaNReward-v0")
    {
        private int _t;

        public override Space ObservationSpace { get; } = new DiscreteSpace(4);

        public override Space ActionSpace { get; } = new DiscreteSpace(4);

        protected override void OnReset(Span<float> observation, int? seed)
        {
            _t = 0;
            observation[0] = 0;
        }

        protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
        {
            _t++;
            observation[0] = _t % 4;
            return new(_t == 2 ? double.NaN : 0, _t >= 5, false);
        }
    }
}
