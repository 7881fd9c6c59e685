using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Meta;

/// <summary>MAML-RL learns, on an open 5×5 GridWorld, an initial policy that a few policy-gradient steps adapt to goals it never met.</summary>
[TestClass]
[TestCategory("Learning")]
public sealed class MamlRlLearningTests
{
    private static readonly string[] Grid = ["S....", ".....", ".....", ".....", "....G"];
    private static readonly (int Row, int Column)[] HeldOut = [(0, 4), (4, 0), (2, 2)];

    [TestMethod]
    public void FiveAdaptationStepsOnAnUnseenGoalBeatTheUnadaptedAndTheUntrainedPolicy()
    {
        var ml = new MLContext(seed: 0);
        var tasks = MetaRlTaskDistribution.GridWorldGoals(GridWorldMap.Parse(Grid), maxEpisodeSteps: 20, excludedGoals: HeldOut);
        var options = new MamlRlTrainer.Options
        {
            Tasks = tasks,
            Policy = new MlpPolicyOptions { HiddenSizes = [32, 32] },
            MetaIterations = 20,
            OuterLearningRate = 3e-3,
            Seed = 1,
        };
        var data = ml.Synaptic().Data.Rollout(tasks.Sample(0)(), episodes: 1);
        var trainer = ml.Synaptic().Trainers.MamlReinforcement(options);
        using var meta = trainer.Fit(data);
        options.MetaIterations = 0;
        using var untrained = ml.Synaptic().Trainers.MamlReinforcement(options).Fit(data);

        double Return(PolicyTransformer policy, int steps) => HeldOut.Average(goal =>
        {
            var task = Task(goal);
            using var adapted = trainer.Adapt(policy, task, steps, seed: 17);
            using var sampling = adapted.WithSampling(3);
            return ml.Synaptic().Evaluate(sampling, task(), episodes: 30, seed: 5).MeanReturn;
        });

        var (unadapted, adaptedReturn, untrainedReturn) = (Return(meta, 0), Return(meta, 5), Return(untrained, 0));
        var message = $"held-out goals: MAML after 0 steps {unadapted:F3}, after 5 steps {adaptedReturn:F3}; untrained {untrainedReturn:F3}";
        Assert.IsGreaterThan(unadapted + 0.2, adaptedReturn, message);
        Assert.IsGreaterThan(untrainedReturn + 0.2, adaptedReturn, message);
    }

    private static Func<Env> Task((int Row, int Column) goal)
    {
        var rows = Grid.Select(r => r.Replace('G', '.')).ToArray();
        rows[goal.Row] = string.Concat(rows[goal.Row].AsSpan(0, goal.Column), "G", rows[goal.Row].AsSpan(goal.Column + 1));
        return () => new TimeLimit(new GridWorld(new GridWorld.Options { Map = rows, Observation = GridWorldObservation.OneHot }), 20);
    }
}
