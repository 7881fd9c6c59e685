using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The runs of the <c>solve</c> command and their hyperparameters: {REINFORCE, A2C, PPO} × {MLP, SNN} on
/// CartPole-v1 until the deterministic evaluation over 100 episodes reaches 475 (or the budget is spent), and PPO
/// on Pendulum-v1 (<see cref="PendulumPpoSettings"/>). Every run then gets an independent final evaluation of
/// <see cref="FinalEvaluationEpisodes"/> episodes from seed <see cref="FinalEvaluationSeed"/>.
/// </summary>
/// <remarks>
/// Options not set here keep the trainer's defaults (documented on each <c>Options</c> class); the REINFORCE
/// and A2C rows spell their defaults out so this file is the whole recipe.
/// </remarks>
public static class SolveSettings
{
    /// <summary>CartPole-v1: 500-step episodes, solved at a mean return of 475.</summary>
    public const string CartPole = "CartPole-v1";

    /// <summary>CartPole-v1's reward threshold.</summary>
    public const double CartPoleGoal = 475;

    /// <summary>Episodes of the final, independent evaluation.</summary>
    public const int FinalEvaluationEpisodes = 100;

    /// <summary>Seed of the final evaluation's first episode (episode j starts from this + j; training evaluations use other seeds).</summary>
    public const int FinalEvaluationSeed = 12345;

    private const int Seed = 1;

    /// <summary>All runs, in the order of the results table.</summary>
    public static IReadOnlyList<SolveRun> Runs { get; } =
    [
        //  name             algorithm    policy environment goal         seed  budget   eval every eval episodes stop at       network hyperparameters
        new("reinforce-mlp", "REINFORCE", "MLP", CartPole, CartPoleGoal, Seed, 300_000, 10,        100,          CartPoleGoal, Mlp, Reinforce),
        new("reinforce-snn", "REINFORCE", "SNN", CartPole, CartPoleGoal, Seed, 300_000, 10,        100,          CartPoleGoal, Snn, Reinforce),
        new("a2c-mlp",       "A2C",       "MLP", CartPole, CartPoleGoal, Seed, 300_000, 200,       100,          CartPoleGoal, Mlp, A2C),
        new("a2c-snn",       "A2C",       "SNN", CartPole, CartPoleGoal, Seed, 300_000, 200,       100,          CartPoleGoal, Snn, A2C),
        new("ppo-mlp",       "PPO",       "MLP", CartPole, CartPoleGoal, Seed, 100_000, 10,        100,          CartPoleGoal, Mlp, PpoCartPole),
        new("ppo-snn",       "PPO",       "SNN", CartPole, CartPoleGoal, Seed, 100_000, 10,        100,          CartPoleGoal, Snn, PpoCartPole),
        PendulumPpoSettings.Run,
    ];

    /// <summary>The artificial policy: an MLP [64, 64] with tanh (Stable-Baselines3's default).</summary>
    /// <returns>Fresh options.</returns>
    public static PolicyNetworkOptions Mlp() => new MlpPolicyOptions { HiddenSizes = [64, 64], Activation = HiddenActivation.Tanh };

    /// <summary>The spiking policy: 128 leaky neurons, 8 time steps per decision, direct-current input, mean-membrane readout.</summary>
    /// <returns>Fresh options.</returns>
    public static PolicyNetworkOptions Snn() => new SpikingPolicyOptions { HiddenSizes = [128], TimeSteps = 8 };

    /// <summary>REINFORCE: 4 whole episodes per update, learning rate 1e-3, γ 0.99, returns standardised, no baseline.</summary>
    /// <returns>Fresh options.</returns>
    public static OnPolicyOptions Reinforce() => new ReinforceTrainer.Options
    {
        NumberOfEnvironments = 4,
        LearningRate = 1e-3,
        Gamma = 0.99,
        UseBaseline = false,
        NormalizeReturns = true,
    };

    /// <summary>A2C: 8 environments × 5 steps per update, learning rate 7e-4, γ 0.99, n-step returns (λ 1), entropy 0.</summary>
    /// <returns>Fresh options.</returns>
    public static OnPolicyOptions A2C() => new A2CTrainer.Options
    {
        NumberOfEnvironments = 8,
        StepsPerUpdate = 5,
        LearningRate = 7e-4,
        Gamma = 0.99,
        GaeLambda = 1.0,
        EntropyCoefficient = 0,
    };

    /// <summary>
    /// PPO with the RL Zoo's CartPole-v1 hyperparameters: 8 environments × 32 steps, minibatch 256, 20 epochs,
    /// λ 0.8, γ 0.98, learning rate 1e-3 and clip range 0.2 both decaying linearly over the budget, entropy 0.
    /// </summary>
    /// <returns>Fresh options.</returns>
    public static PpoTrainer.Options PpoCartPole() => PpoPresets.CartPole();

    /// <summary>The run named <paramref name="name"/>.</summary>
    /// <param name="name">A run name, e.g. "ppo-snn".</param>
    /// <returns>The run.</returns>
    /// <exception cref="ArgumentException">No run has that name.</exception>
    public static SolveRun Named(string name) =>
        Runs.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No run is named '{name}'. Runs: {string.Join(", ", Runs.Select(r => r.Name))}.", nameof(name));

    /// <summary>
    /// The runs selected by a <c>--only</c> filter: comma-separated terms, each selecting the run of that exact
    /// name or, when no run has it, the runs whose name contains it ("ppo-mlp" selects one run, "ppo" the three
    /// PPO runs, "snn" the three spiking ones, "pendulum" one).
    /// </summary>
    /// <param name="only">The filter, or null for all runs.</param>
    /// <returns>The selected runs, in table order.</returns>
    /// <exception cref="ArgumentException">A term selects no run.</exception>
    public static IReadOnlyList<SolveRun> Select(string? only)
    {
        if (string.IsNullOrWhiteSpace(only))
            return Runs;
        var selected = new HashSet<SolveRun>();
        foreach (var term in only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var exact = Runs.Where(r => string.Equals(r.Name, term, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = exact.Count > 0 ? exact : Runs.Where(r => r.Name.Contains(term, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
                throw new ArgumentException($"--only {term}: no run is named '{term}' or has it in its name. Runs: {string.Join(", ", Runs.Select(r => r.Name))}.");
            selected.UnionWith(matches);
        }
        return Runs.Where(selected.Contains).ToList();
    }
}
