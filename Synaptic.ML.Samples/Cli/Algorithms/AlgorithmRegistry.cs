using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Every trainer the <c>synaptic</c> tool can run, by the name given to <c>--algo</c>. A trainer that lands adds
/// one line here (and its presets to Synaptic.ML.Trainers/Presets).
/// </summary>
public static class AlgorithmRegistry
{
    private static readonly CliAlgorithm[] Algorithms =
    [
        new EnvironmentAlgorithm<ReinforceTrainer.Options>("reinforce", "REINFORCE (Monte Carlo policy gradient, optional baseline), MLP or spiking policy.", "reinforce-cartpole",
            (ml, o) => ml.Synaptic().Trainers.Reinforce(o)),
        new EnvironmentAlgorithm<A2CTrainer.Options>("a2c", "Advantage actor-critic (synchronous, n-step), MLP, spiking or convolutional policy.", "a2c-cartpole",
            (ml, o) => ml.Synaptic().Trainers.A2C(o)),
        new EnvironmentAlgorithm<PpoTrainer.Options>("ppo", "Proximal policy optimisation (clipped), MLP, spiking or convolutional policy.", "ppo-cartpole",
            (ml, o) => ml.Synaptic().Trainers.Ppo(o)),
        new EnvironmentAlgorithm<DqnTrainer.Options>("dqn", "Deep Q-network (double, dueling, Polyak options), MLP, spiking or convolutional Q-network.", "dqn-cartpole",
            (ml, o) => ml.Synaptic().Trainers.Dqn(o)),
        new RecurrentDqnAlgorithm(),
        new EnvironmentAlgorithm<QLearningTrainer.Options>("q-learning", "Tabular Q-learning on discrete observations.", "q-learning-taxi",
            (ml, o) => ml.Synaptic().Trainers.QLearning(o)),
        new EnvironmentAlgorithm<SarsaTrainer.Options>("sarsa", "Tabular SARSA on discrete observations.", "sarsa-taxi",
            (ml, o) => ml.Synaptic().Trainers.Sarsa(o)),
        new EnvironmentAlgorithm<ExpectedSarsaTrainer.Options>("expected-sarsa", "Tabular expected SARSA on discrete observations.", "expected-sarsa-taxi",
            (ml, o) => ml.Synaptic().Trainers.ExpectedSarsa(o)),
        new EnvironmentAlgorithm<StdpQLearningTrainer.Options>("stdp-q", "STDP-modulated Q-learning: state→action synapses with spike-timing-weighted TD updates.", "stdp-q-taxi",
            (ml, o) => ml.Synaptic().Trainers.StdpQLearning(o)),
        new RewardModulatedStdpAlgorithm(),
        new EnvironmentAlgorithm<SpikingMazeAgentTrainer.Options>("spiking-maze", "Spiking maze agent: place cells → action pools, reward-modulated STDP with TD dopamine (optional teacher); budget in episodes.", "spiking-maze",
            (ml, o) => ml.Synaptic().Trainers.SpikingMazeAgent(o), nameof(SpikingMazeAgentTrainer.Options.Episodes)),
        new MamlRlAlgorithm(),
        new PrototypicalNetworkAlgorithm("protonet", "Prototypical network (few-shot, episodic), spiking or convolutional backbone; tested on held-out classes.", "protonet-glyphs",
            (ml, o) => ml.Synaptic().Trainers.PrototypicalNetwork(o)),
        new MamlAlgorithm("maml", "MAML (few-shot, second or first order, Meta-SGD), convolutional or spiking backbone; tested on held-out classes.", "maml-glyphs",
            (ml, o) => ml.Synaptic().Trainers.Maml(o)),
        new SpikingMulticlassAlgorithm("spiking-multiclass", "Spiking multiclass classifier (surrogate gradients, Leaky/Synaptic/Alpha, dense or convolutional).", "spiking-multiclass-fashion-mnist",
            (ml, o) => ml.Synaptic().Trainers.SpikingMulticlass(o)),
        new SpikingBinaryAlgorithm("spiking-binary", "Spiking binary classifier (surrogate gradients), ML.NET's binary columns.", "spiking-binary-fashion-mnist",
            (ml, o) => ml.Synaptic().Trainers.SpikingBinary(o)),
    ];

    // Other names an algorithm answers to: the multi-plasticity DQN is the recurrent DQN with its default memory.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase) { ["mpn-dqn"] = "recurrent-dqn" };

    /// <summary>Every registered algorithm.</summary>
    public static IReadOnlyList<CliAlgorithm> All => Algorithms;

    /// <summary>The other names of algorithms, alias → name.</summary>
    public static IReadOnlyDictionary<string, string> AlternativeNames => Aliases;

    /// <summary>The algorithm named <paramref name="name"/> (case-insensitive; <c>mpn-dqn</c> is <c>recurrent-dqn</c>).</summary>
    /// <param name="name">Its name.</param>
    /// <returns>The algorithm.</returns>
    /// <exception cref="ArgumentException">No algorithm has that name; the message lists them.</exception>
    public static CliAlgorithm Get(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resolved = Aliases.GetValueOrDefault(name, name);
        return Algorithms.FirstOrDefault(a => string.Equals(a.Name, resolved, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No algorithm is named '{name}'. The algorithms: {string.Join(", ", Algorithms.Select(a => a.Name))} (mpn-dqn is recurrent-dqn).", nameof(name));
    }
}
