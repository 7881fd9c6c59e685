using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Recurrent;

/// <summary>
/// Memory across a delay, on a small budget with a fixed seed: on the evidence-integration task (report the sign of the
/// summed evidence after a delay) the multi-plasticity DQN learns to answer well above chance, while the feed-forward
/// network of the same size — which sees the same [0, 1, 1] at every decision — cannot beat chance.
/// </summary>
[TestClass]
public sealed class RecurrentDqnLearningTests
{
    private const int Episodes = 400;

    // Shorter trials and stronger evidence than the defaults, so the test learns in seconds; docs/value-based.md has the full task.
    private static Env Task() => new IntegrationTask(new IntegrationTask.Options { StimulusSteps = 5, DelaySteps = 3, Signal = 0.5 });

    private static double Accuracy(SequenceCoreOptions core)
    {
        var ml = new MLContext(seed: 0);
        var options = new RecurrentDqnTrainer.Options
        {
            EnvironmentFactory = Task,
            Core = core,
            Seed = 2,
            TotalTimesteps = 9_000,
            LearningStarts = 500,
            LearningRate = 1e-3,
            BatchSize = 16,
            SequenceLength = 9,
            BurnIn = 0,
            WholeEpisodes = true,
            TargetUpdateInterval = 1,
            Tau = 0.01,
            ExplorationFraction = 0.3,
            DoubleQ = true,
        };
        var policy = ml.Synaptic().Trainers.RecurrentDqn(options).Fit(ml.Synaptic().Data.Rollout(Task(), episodes: 1));
        return ml.Synaptic().Evaluate(policy, Task, Episodes, seed: 1_000).MeanReturn;
    }

    [TestMethod]
    public void TheMultiPlasticityNetworkRemembersTheEvidenceAndTheFeedForwardOneCannot()
    {
        var mpn = Accuracy(new MultiPlasticityOptions { HiddenSize = 32 });
        var feedForward = Accuracy(new FeedForwardCoreOptions { HiddenSize = 32 });
        Console.WriteLine($"accuracy: MPN {mpn:F3}, feed-forward {feedForward:F3}");
        // Chance is 0.5 with a binomial standard deviation of 0.025 over 400 trials.
        Assert.IsTrue(mpn >= 0.8, $"MPN accuracy {mpn:F3}");
        Assert.AreEqual(0.5, feedForward, 0.1, $"feed-forward accuracy {feedForward:F3} (chance, ±4 standard deviations)");
    }
}
