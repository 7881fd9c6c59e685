using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>The off-policy learners on <c>mlContext.Synaptic().Trainers</c>: DQN and its variants.</summary>
public static class OffPolicyCatalog
{
    /// <summary>Deep Q-learning (double, dueling, any network), online in an environment or offline from logged transitions.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (environment, budget, buffer, exploration, network…); <see cref="DqnPresets"/> has tuned ones.</param>
    /// <returns>The estimator; <c>Fit</c> returns a <see cref="PolicyTransformer"/> over a <see cref="QNetworkPolicy"/>.</returns>
    public static DqnTrainer Dqn(this SynapticTrainersCatalog catalog, DqnTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DqnTrainer(catalog.Context, options);
    }

    /// <summary>DQN on a registered environment with the defaults of <see cref="DqnTrainer.Options"/> (Stable-Baselines3's).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id with a discrete action space, e.g. "CartPole-v1".</param>
    /// <param name="totalTimesteps">The step budget. Default 100,000.</param>
    /// <param name="network">The Q-network's body; null for an MLP [64, 64] with ReLU.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static DqnTrainer Dqn(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 100_000,
        PolicyNetworkOptions? network = null, int? seed = null)
    {
        var options = new DqnTrainer.Options { EnvironmentId = environmentId, TotalTimesteps = totalTimesteps, Seed = seed };
        if (network is not null)
            options.Network = network;
        return catalog.Dqn(options);
    }

    /// <summary>Deep Q-learning with memory from sequence replay: the multi-plasticity DQN (the default), or a GRU, LSTM or feed-forward Q-network.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (environment, budget, memory, segment and burn-in lengths…).</param>
    /// <returns>The estimator; <c>Fit</c> returns a <see cref="PolicyTransformer"/> over a stateful <see cref="RecurrentQPolicy"/>.</returns>
    public static RecurrentDqnTrainer RecurrentDqn(this SynapticTrainersCatalog catalog, RecurrentDqnTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RecurrentDqnTrainer(catalog.Context, options);
    }

    /// <summary>The multi-plasticity DQN (Aitken &amp; Mihalas, 2023) on a registered environment with the defaults of <see cref="RecurrentDqnTrainer.Options"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id with a discrete action space.</param>
    /// <param name="totalTimesteps">The step budget. Default 100,000.</param>
    /// <param name="layer">The multi-plasticity layer; null for <see cref="MultiPlasticityOptions"/>' defaults (64 units, λ 0.95, η 0.05).</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static RecurrentDqnTrainer MpnDqn(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 100_000,
        MultiPlasticityOptions? layer = null, int? seed = null) =>
        catalog.RecurrentDqn(new RecurrentDqnTrainer.Options
        {
            EnvironmentId = environmentId,
            TotalTimesteps = totalTimesteps,
            Seed = seed,
            Core = layer ?? new MultiPlasticityOptions(),
        });
}
