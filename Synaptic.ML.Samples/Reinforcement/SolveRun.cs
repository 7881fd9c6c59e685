using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// One training run of the <c>solve</c> command: an algorithm with its hyperparameters, a policy network, an
/// environment with the mean evaluation return that counts as solved, the seed, the step budget and how often
/// training evaluates (and stops once an evaluation reaches <see cref="StopAtEvaluationReturn"/>).
/// </summary>
/// <param name="Name">Short name used by <c>--only</c>, e.g. "ppo-snn".</param>
/// <param name="Algorithm">The algorithm, as printed: REINFORCE, A2C or PPO.</param>
/// <param name="Policy">The policy network, as printed: MLP or SNN.</param>
/// <param name="EnvironmentId">The registered environment id.</param>
/// <param name="Goal">Mean return over the final evaluation that counts as solved.</param>
/// <param name="Seed">Seed of the trainer (networks, environments, draws).</param>
/// <param name="Budget">Environment steps at most. Linear schedules decay over this budget, so it is a hyperparameter too.</param>
/// <param name="EvaluationInterval">Updates between deterministic evaluations during training.</param>
/// <param name="EvaluationEpisodes">Episodes per evaluation during training.</param>
/// <param name="StopAtEvaluationReturn">Training stops once an evaluation's mean return reaches this (null: the whole budget).</param>
/// <param name="Network">Makes the policy network's options.</param>
/// <param name="Hyperparameters">Makes the algorithm's options with its hyperparameters (the rest of the options are set from this record).</param>
public sealed record SolveRun(
    string Name,
    string Algorithm,
    string Policy,
    string EnvironmentId,
    double Goal,
    int Seed,
    long Budget,
    int EvaluationInterval,
    int EvaluationEpisodes,
    double? StopAtEvaluationReturn,
    Func<PolicyNetworkOptions> Network,
    Func<OnPolicyOptions> Hyperparameters)
{
    /// <summary>The run's trainer options: the hyperparameters plus environment, network, seed, budget, evaluations and progress.</summary>
    /// <param name="progress">Receives the progress after every update, or null.</param>
    /// <returns>Fresh options.</returns>
    public OnPolicyOptions CreateOptions(IProgress<TrainingProgress>? progress)
    {
        var options = Hyperparameters();
        options.EnvironmentId = EnvironmentId;
        options.Policy = Network();
        options.Seed = Seed;
        options.TotalTimesteps = Budget;
        options.EvaluationInterval = EvaluationInterval;
        options.EvaluationEpisodes = EvaluationEpisodes;
        options.StopAtEvaluationReturn = StopAtEvaluationReturn;
        options.Progress = progress;
        return options;
    }

    /// <summary>The estimator of this run on <paramref name="ml"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="progress">Receives the progress after every update, or null.</param>
    /// <returns>The trainer; <c>Fit</c> returns the policy.</returns>
    public IEstimator<PolicyTransformer> CreateTrainer(MLContext ml, IProgress<TrainingProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.Synaptic().Trainers.OnPolicy(CreateOptions(progress));
    }

    /// <summary>Label of progress lines, e.g. "PPO SNN CartPole-v1".</summary>
    public string Label => $"{Algorithm} {Policy} {EnvironmentId}";
}
