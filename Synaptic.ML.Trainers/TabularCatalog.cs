using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>The tabular learners on <c>mlContext.Synaptic().Trainers</c>: Q-learning, SARSA, expected SARSA and STDP-modulated Q-learning.</summary>
public static class TabularCatalog
{
    /// <summary>Q-learning over a discrete environment.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (environment, budget, α, γ, exploration…).</param>
    /// <returns>The estimator; <c>Fit</c> returns a <see cref="PolicyTransformer"/> over a <see cref="QTablePolicy"/>.</returns>
    public static QLearningTrainer QLearning(this SynapticTrainersCatalog catalog, QLearningTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new QLearningTrainer(catalog.Context, options);
    }

    /// <summary>Q-learning on a registered discrete environment with the defaults of <see cref="TabularOptions"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id with discrete observations and actions, e.g. "Taxi-v3".</param>
    /// <param name="totalTimesteps">The step budget. Default 50,000.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static QLearningTrainer QLearning(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 50_000, int? seed = null) =>
        catalog.QLearning(new QLearningTrainer.Options { EnvironmentId = environmentId, TotalTimesteps = totalTimesteps, Seed = seed });

    /// <summary>SARSA over a discrete environment.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    public static SarsaTrainer Sarsa(this SynapticTrainersCatalog catalog, SarsaTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SarsaTrainer(catalog.Context, options);
    }

    /// <summary>SARSA on a registered discrete environment with the defaults of <see cref="TabularOptions"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id with discrete observations and actions.</param>
    /// <param name="totalTimesteps">The step budget. Default 50,000.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static SarsaTrainer Sarsa(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 50_000, int? seed = null) =>
        catalog.Sarsa(new SarsaTrainer.Options { EnvironmentId = environmentId, TotalTimesteps = totalTimesteps, Seed = seed });

    /// <summary>Expected SARSA over a discrete environment.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    public static ExpectedSarsaTrainer ExpectedSarsa(this SynapticTrainersCatalog catalog, ExpectedSarsaTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ExpectedSarsaTrainer(catalog.Context, options);
    }

    /// <summary>Expected SARSA on a registered discrete environment with the defaults of <see cref="TabularOptions"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id with discrete observations and actions.</param>
    /// <param name="totalTimesteps">The step budget. Default 50,000.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static ExpectedSarsaTrainer ExpectedSarsa(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 50_000, int? seed = null) =>
        catalog.ExpectedSarsa(new ExpectedSarsaTrainer.Options { EnvironmentId = environmentId, TotalTimesteps = totalTimesteps, Seed = seed });

    /// <summary>STDP-modulated Q-learning over a discrete environment: Q-values as state→action synaptic weights changed by the TD error gated by spike timing.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (those of <see cref="TabularOptions"/>, the mixing m and the spike-timing constants).</param>
    /// <returns>The estimator; <c>Fit</c> returns a <see cref="PolicyTransformer"/> over a <see cref="QTablePolicy"/> (the weights).</returns>
    public static StdpQLearningTrainer StdpQLearning(this SynapticTrainersCatalog catalog, StdpQLearningTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new StdpQLearningTrainer(catalog.Context, options);
    }

    /// <summary>STDP-modulated Q-learning on a registered discrete environment with the defaults of <see cref="StdpQLearningTrainer.Options"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id with discrete observations and actions, e.g. "Taxi-v3".</param>
    /// <param name="totalTimesteps">The step budget. Default 50,000.</param>
    /// <param name="mixing">Mixing m of the STDP-gated step with the plain TD step, in [0, 1]; 0 is Q-learning. Default 0.5.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static StdpQLearningTrainer StdpQLearning(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 50_000, double mixing = 0.5, int? seed = null) =>
        catalog.StdpQLearning(new StdpQLearningTrainer.Options { EnvironmentId = environmentId, TotalTimesteps = totalTimesteps, Mixing = mixing, Seed = seed });
}
