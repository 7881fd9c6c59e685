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

    /// <summary>
    /// Runs <paramref name="policy"/> deterministically (or sampling, if it was made with
    /// <see cref="PolicyTransformer.WithSampling"/>) for <paramref name="episodes"/> episodes of
    /// <paramref name="env"/>; episode j starts with <c>Reset(seed + j)</c>.
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
        if (env.ObservationSpace.Size != policy.ObservationSize)
            throw new ArgumentException($"{env.Id}'s observations have {env.ObservationSpace.Size} floats; the policy reads {policy.ObservationSize}.", nameof(env));
        if (env.ActionSpace.Size != policy.Head.ActionSize)
            throw new ArgumentException($"{env.Id}'s actions have {env.ActionSpace.Size} floats; the policy writes {policy.Head.ActionSize}.", nameof(env));
        return PolicyEvaluator.Run(env, policy.AsPolicy(), episodes, seed, successThreshold);
    }
}
