using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// PPO on Pendulum-v1, in one place so it can be tuned: the goal is a mean return of at least −200 over the
/// final 100-episode evaluation. The starting point is the RL Zoo's PPO Pendulum-v1 entry (4 environments ×
/// 1,024 steps, minibatch 64, 10 epochs, λ 0.95, γ 0.9, learning rate 1e-3, clip 0.2, no entropy bonus)
/// without its state-dependent exploration (gSDE), which the library does not have; instead the learning rate
/// decays linearly and training uses its whole 200,000-step budget (stopping at the first good evaluation
/// kept policies that still failed some starts).
/// </summary>
public static class PendulumPpoSettings
{
    /// <summary>The environment.</summary>
    public const string EnvironmentId = "Pendulum-v1";

    /// <summary>Mean final-evaluation return that counts as solved (Pendulum-v1 has no registered threshold).</summary>
    public const double Goal = -200;

    /// <summary>No early stop: the linear learning-rate schedule runs to the end of the budget.</summary>
    public static readonly double? StopAtEvaluationReturn = null;

    /// <summary>Environment steps at most.</summary>
    public const long Budget = 200_000;

    /// <summary>Updates between evaluations (one update is 4 × 1,024 = 4,096 steps).</summary>
    public const int EvaluationInterval = 5;

    /// <summary>Episodes per evaluation during training.</summary>
    public const int EvaluationEpisodes = 50;

    /// <summary>The trainer's seed.</summary>
    public const int Seed = 1;

    /// <summary>The policy network.</summary>
    /// <returns>An MLP [64, 64] with tanh.</returns>
    public static PolicyNetworkOptions Network() => new MlpPolicyOptions();

    /// <summary>PPO's hyperparameters.</summary>
    /// <returns>Fresh options.</returns>
    public static PpoTrainer.Options Hyperparameters() => PpoPresets.Pendulum();

    /// <summary>The run as a row of <see cref="SolveSettings.Runs"/>.</summary>
    public static SolveRun Run { get; } = new("ppo-mlp-pendulum", "PPO", "MLP", EnvironmentId, Goal, Seed, Budget,
        EvaluationInterval, EvaluationEpisodes, StopAtEvaluationReturn, Network, Hyperparameters);
}
