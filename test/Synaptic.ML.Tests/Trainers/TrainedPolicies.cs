using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers;

/// <summary>Small policies trained once per test run and shared by the tests that only read them.</summary>
internal static class TrainedPolicies
{
    private static readonly Lazy<PolicyTransformer> CartPoleLazy = new(() => Train("CartPole-v1", 2_048));
    private static readonly Lazy<PolicyTransformer> PendulumLazy = new(() => Train("Pendulum-v1", 1_024));

    /// <summary>A discrete policy with a critic (PPO, a few updates on CartPole-v1).</summary>
    public static PolicyTransformer CartPole => CartPoleLazy.Value;

    /// <summary>A continuous policy with a critic (PPO, a few updates on Pendulum-v1).</summary>
    public static PolicyTransformer Pendulum => PendulumLazy.Value;

    /// <summary>A view with an Observation column of the environment's size, as <c>Fit</c> wants.</summary>
    public static IDataView Episodes(MLContext ml, string environmentId, int episodes = 1, int seed = 0) =>
        ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.Make(environmentId), episodes: episodes, seed: seed);

    private static PolicyTransformer Train(string environmentId, int steps)
    {
        var ml = new MLContext(seed: 1);
        var options = new PpoTrainer.Options
        {
            EnvironmentId = environmentId,
            Seed = 5,
            NumberOfEnvironments = 4,
            StepsPerUpdate = 64,
            MinibatchSize = 64,
            Epochs = 2,
            TotalTimesteps = steps,
        };
        return ml.Synaptic().Trainers.Ppo(options).Fit(Episodes(ml, environmentId));
    }
}
