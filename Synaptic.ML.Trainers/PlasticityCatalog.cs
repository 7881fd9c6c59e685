using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>The plasticity learners on <c>mlContext.Synaptic().Trainers</c>: agents that learn without backpropagation.</summary>
public static class PlasticityCatalog
{
    /// <summary>A recurrent LIF population trained by dopamine-modulated STDP, read out through motor pools.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (environment, episodes, population, encoding, readout, η, β…).</param>
    /// <returns>The estimator; <c>Fit</c> returns a <see cref="PolicyTransformer"/> over a <see cref="RewardModulatedStdpPolicy"/>.</returns>
    public static RewardModulatedStdpTrainer RewardModulatedStdp(this SynapticTrainersCatalog catalog, RewardModulatedStdpTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RewardModulatedStdpTrainer(catalog.Context, options);
    }

    /// <summary>Reward-modulated STDP on a registered environment (Box observations, discrete actions) with the defaults.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id, e.g. "LaneKeeping-v0".</param>
    /// <param name="episodes">Episodes to train. Default 500.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static RewardModulatedStdpTrainer RewardModulatedStdp(this SynapticTrainersCatalog catalog, string environmentId, int episodes = 500, int? seed = null) =>
        catalog.RewardModulatedStdp(new RewardModulatedStdpTrainer.Options { EnvironmentId = environmentId, Episodes = episodes, Seed = seed });

    /// <summary>
    /// A spiking maze agent: place cells → pools of LIF action neurons, learning by STDP eligibility modulated by the
    /// TD error of a critic (dopamine), with an optional shortest-path teacher. For GridWorld-v0 and other environments
    /// with discrete observations and actions.
    /// </summary>
    /// <example>
    /// <code>
    /// var agent = ml.Synaptic().Trainers.SpikingMazeAgent(new SpikingMazeAgentTrainer.Options
    /// {
    ///     EnvironmentFactory = () => ml.Synaptic().Environments.GridWorld(new GridWorld.Options { Map = MazeMaps.Maze8x8 }),
    ///     Episodes = 150,
    ///     Seed = 1,
    /// }).Fit(episodes);
    /// </code>
    /// </example>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (environment, episodes, pools, window, STDP, η, λ, critic, teacher…).</param>
    /// <returns>The estimator; <c>Fit</c> returns a <see cref="PolicyTransformer"/> over a <see cref="SpikingMazeAgentPolicy"/>.</returns>
    public static SpikingMazeAgentTrainer SpikingMazeAgent(this SynapticTrainersCatalog catalog, SpikingMazeAgentTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SpikingMazeAgentTrainer(catalog.Context, options);
    }
}
