using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>
/// The reinforcement-learning trainers on <c>mlContext.Synaptic().Trainers</c>, and policy evaluation on
/// <c>mlContext.Synaptic()</c>.
/// </summary>
public static class TrainersCatalog
{
    /// <summary>REINFORCE (Monte-Carlo policy gradient).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (environment, budget, network…).</param>
    /// <returns>The estimator; <c>Fit</c> trains and returns a <see cref="PolicyTransformer"/>.</returns>
    public static ReinforceTrainer Reinforce(this SynapticTrainersCatalog catalog, ReinforceTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ReinforceTrainer(catalog.Context, options);
    }

    /// <summary>Synchronous advantage actor-critic.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    public static A2CTrainer A2C(this SynapticTrainersCatalog catalog, A2CTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new A2CTrainer(catalog.Context, options);
    }

    /// <summary>Proximal policy optimisation.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The estimator.</returns>
    public static PpoTrainer Ppo(this SynapticTrainersCatalog catalog, PpoTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PpoTrainer(catalog.Context, options);
    }

    /// <summary>REINFORCE on a registered environment with the defaults of <see cref="ReinforceTrainer.Options"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id, e.g. "CartPole-v1".</param>
    /// <param name="totalTimesteps">The step budget. Default 100,000.</param>
    /// <param name="policy">The actor network; null for an MLP [64, 64].</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static ReinforceTrainer Reinforce(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 100_000,
        PolicyNetworkOptions? policy = null, int? seed = null) =>
        catalog.Reinforce(Short(new ReinforceTrainer.Options(), environmentId, totalTimesteps, policy, seed));

    /// <summary>A2C on a registered environment with the defaults of <see cref="A2CTrainer.Options"/>.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id, e.g. "CartPole-v1".</param>
    /// <param name="totalTimesteps">The step budget. Default 100,000.</param>
    /// <param name="policy">The actor network; null for an MLP [64, 64].</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static A2CTrainer A2C(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 100_000,
        PolicyNetworkOptions? policy = null, int? seed = null) =>
        catalog.A2C(Short(new A2CTrainer.Options(), environmentId, totalTimesteps, policy, seed));

    /// <summary>PPO on a registered environment with the defaults of <see cref="PpoTrainer.Options"/> (Stable-Baselines3's).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="environmentId">A registered environment id, e.g. "CartPole-v1".</param>
    /// <param name="totalTimesteps">The step budget. Default 100,000.</param>
    /// <param name="policy">The actor network; null for an MLP [64, 64].</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The estimator.</returns>
    public static PpoTrainer Ppo(this SynapticTrainersCatalog catalog, string environmentId, long totalTimesteps = 100_000,
        PolicyNetworkOptions? policy = null, int? seed = null) =>
        catalog.Ppo(Short(new PpoTrainer.Options(), environmentId, totalTimesteps, policy, seed));

    /// <summary>The trainer that <paramref name="options"/> configure (REINFORCE, A2C or PPO options).</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">Options of one of the on-policy trainers.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">The options belong to no known trainer.</exception>
    public static IEstimator<PolicyTransformer> OnPolicy(this SynapticTrainersCatalog catalog, OnPolicyOptions options) => options switch
    {
        ReinforceTrainer.Options reinforce => catalog.Reinforce(reinforce),
        A2CTrainer.Options a2c => catalog.A2C(a2c),
        PpoTrainer.Options ppo => catalog.Ppo(ppo),
        null => throw new ArgumentNullException(nameof(options)),
        _ => throw new ArgumentException($"{options.GetType().Name} configures no on-policy trainer of this catalog.", nameof(options)),
    };

    /// <summary>
    /// Runs a deterministic <paramref name="policy"/> for <paramref name="episodes"/> episodes on up to
    /// <paramref name="parallelEpisodes"/> environments from <paramref name="environmentFactory"/> at once, asking
    /// the policy for all their actions in one network call (much faster for spiking policies). Episode j starts
    /// with <c>Reset(seed + j)</c>, as in the single-environment overload, and the results are the same.
    /// This is the evaluation to use for a deterministic policy.
    /// </summary>
    /// <example>
    /// <code>
    /// var evaluation = ml.Synaptic().Evaluate(policy, () => ml.Synaptic().Environments.CartPole(), episodes: 20, seed: 100);
    /// </code>
    /// </example>
    /// <param name="catalog">The Synaptic catalog.</param>
    /// <param name="policy">The policy (deterministic; a sampling policy needs the single-environment overload).</param>
    /// <param name="environmentFactory">Makes one environment (with its time limit).</param>
    /// <param name="episodes">Number of episodes. Default 100.</param>
    /// <param name="seed">Seed of the first episode. Default 0.</param>
    /// <param name="successThreshold">Return that counts as a success; null takes the environment's reward threshold.</param>
    /// <param name="parallelEpisodes">Environments stepped together. Default 32.</param>
    /// <returns>Mean and standard deviation of the return, mean length, success rate.</returns>
    public static PolicyEvaluation Evaluate(this SynapticCatalog catalog, PolicyTransformer policy, Func<Env> environmentFactory, int episodes = 100,
        int seed = 0, double? successThreshold = null, int parallelEpisodes = 32)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        if (policy.IsSampling)
            throw new ArgumentException("A sampling policy draws one action at a time; evaluate it with the single-environment overload.", nameof(policy));
        var probe = environmentFactory();
        CheckSizes(policy, probe);
        return policy.EvaluateBatched(environmentFactory, episodes, seed, successThreshold, parallelEpisodes);
    }

    /// <summary>
    /// Runs <paramref name="policy"/> deterministically (or sampling, if it was made with
    /// <see cref="PolicyTransformer.WithSampling"/>) for <paramref name="episodes"/> episodes of
    /// <paramref name="env"/>, one after another; episode j starts with <c>Reset(seed + j)</c>.
    /// With one environment the network sees one observation per call, so for a deterministic policy the overload
    /// with an environment factory is faster (2–4× for a spiking policy on CartPole) and gives the same results.
    /// </summary>
    /// <param name="catalog">The Synaptic catalog.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="env">The environment (with its time limit).</param>
    /// <param name="episodes">Number of episodes. Default 100.</param>
    /// <param name="seed">Seed of the first episode. Default 0.</param>
    /// <param name="successThreshold">Return that counts as a success; null takes the environment's reward threshold.</param>
    /// <returns>Mean and standard deviation of the return, mean length, success rate.</returns>
    public static PolicyEvaluation Evaluate(this SynapticCatalog catalog, PolicyTransformer policy, Env env, int episodes = 100, int seed = 0, double? successThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(env);
        CheckSizes(policy, env);
        return policy.Evaluate(env, episodes, seed, successThreshold);
    }

    private static T Short<T>(T options, string environmentId, long totalTimesteps, PolicyNetworkOptions? policy, int? seed)
        where T : OnPolicyOptions
    {
        options.EnvironmentId = environmentId;
        options.TotalTimesteps = totalTimesteps;
        options.Policy = policy ?? options.Policy;
        options.Seed = seed;
        return options;
    }

    internal static void CheckSizes(PolicyTransformer policy, Env env)
    {
        if (env.ObservationSpace.Size != policy.ObservationSize)
            throw new ArgumentException($"{env.Id}'s observations have {env.ObservationSpace.Size} floats; the policy reads {policy.ObservationSize}.", nameof(env));
        if (env.ActionSpace.Size != policy.ActionSize)
            throw new ArgumentException($"{env.Id}'s actions have {env.ActionSpace.Size} floats; the policy writes {policy.ActionSize}.", nameof(env));
    }
}
