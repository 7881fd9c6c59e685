using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

/// <summary>User callbacks run beside the built-in ones, see every iteration with its metrics, can stop training, and the clock pauses for them.</summary>
[TestClass]
public sealed class TrainingCallbackTests
{
    [TestMethod]
    public void AUserCallbackSeesEveryIterationAndCanStopTraining()
    {
        var ml = new MLContext(seed: 0);
        var callback = new StopAfter(3);
        var options = new A2CTrainer.Options { EnvironmentId = "CartPole-v1", Seed = 1, TotalTimesteps = 10_000 };
        options.Callbacks.Add(callback);
        var policy = ml.Synaptic().Trainers.A2C(options).Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"));
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, callback.Iterations);
        Assert.IsTrue(callback.SawLearningRate, "Metrics recorded by the trainer are visible to callbacks of the same iteration.");
        Assert.AreEqual(1, callback.Starts);
        Assert.AreEqual(1, callback.Ends);
        Assert.AreEqual(3, policy.TrainingHistory!.Updates.Count, "Training stopped after the third update.");
        Assert.AreEqual(3 * 8 * 5, policy.TrainingHistory.Updates[^1].EnvironmentSteps);
        Assert.IsTrue(callback.ClockPaused, "The clock is paused while callbacks run.");
    }

    [TestMethod]
    public void ShortOverloadsTrainAsTheirOptionsDo()
    {
        var ml = new MLContext(seed: 0);
        var data = TrainedPolicies.Episodes(ml, "CartPole-v1");
        var shortForm = ml.Synaptic().Trainers.A2C("CartPole-v1", totalTimesteps: 200, seed: 4).Fit(data);
        var optionsForm = ml.Synaptic().Trainers.A2C(new A2CTrainer.Options { EnvironmentId = "CartPole-v1", TotalTimesteps = 200, Seed = 4 }).Fit(data);
        CollectionAssert.AreEqual(Weights(optionsForm), Weights(shortForm));
        var ex = Assert.Throws<ArgumentException>(() => ml.Synaptic().Trainers.Ppo("CartPole-v9"));
        StringAssert.Contains(ex.Message, "CartPole-v9");
    }

    private static float[] Weights(PolicyTransformer policy) => policy.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    private sealed class StopAfter(int iterations) : TrainingCallback
    {
        public List<int> Iterations { get; } = [];

        public int Starts { get; private set; }

        public int Ends { get; private set; }

        public bool SawLearningRate { get; private set; } = true;

        public bool ClockPaused { get; private set; } = true;

        public override void OnTrainingStart(TrainingRun run) => Starts++;

        public override void OnIteration(TrainingRun run)
        {
            Iterations.Add(run.Iteration);
            SawLearningRate &= run.Current.ContainsKey(MetricKeys.LearningRate);
            ClockPaused &= run.Clock.IsPaused;
            if (run.Iteration == iterations)
                run.RequestStop($"stop after {iterations} iterations");
        }

        public override void OnTrainingEnd(TrainingRun run) => Ends++;
    }
}
