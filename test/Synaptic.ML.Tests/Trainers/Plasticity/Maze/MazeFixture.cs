using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Plasticity.Maze;

/// <summary>The fixed 8×8 maze (GridWorld-v0 with <see cref="MazeMaps.Maze8x8"/>, 100-step limit) and the spiking maze agent's learning runs on it.</summary>
internal static class MazeFixture
{
    /// <summary>Makes the 8×8 maze with its time limit.</summary>
    public static Env Maze() => new MLContext(seed: 0).Synaptic().Environments.GridWorld(new GridWorld.Options { Map = MazeMaps.Maze8x8 });

    /// <summary>A view with the maze's Observation column, as <c>Fit</c> wants.</summary>
    public static IDataView Data(MLContext ml, int seed = 0) => ml.Synaptic().Data.Rollout(Maze(), episodes: 1, seed: seed);

    /// <summary>Options of a learning run: seed 1, <paramref name="episodes"/> episodes, the defaults otherwise.</summary>
    public static SpikingMazeAgentTrainer.Options Options(int episodes, int seed = 1) => new()
    {
        EnvironmentFactory = Maze,
        Seed = seed,
        Episodes = episodes,
    };

    /// <summary>Trains the agent.</summary>
    public static PolicyTransformer Train(MLContext ml, SpikingMazeAgentTrainer.Options options) =>
        ml.Synaptic().Trainers.SpikingMazeAgent(options).Fit(Data(ml));

    /// <summary>The fraction of deterministic episodes that reach the goal (a return ≥ 0: the goal pays +1, a 100-step walk without it at most −1).</summary>
    public static double Success(MLContext ml, PolicyTransformer policy, int episodes = 20) =>
        ml.Synaptic().Evaluate(policy, Maze, episodes: episodes, seed: 100, successThreshold: 0).SuccessRate;
}
