namespace Synaptic.ML.Trainers;

/// <summary>
/// PPO options with the RL Baselines3 Zoo's tuned hyperparameters for an environment (without gSDE, which this
/// library does not have). Each call returns fresh options; set the network, budget, seed and evaluations on them.
/// </summary>
public static class PpoPresets
{
    /// <summary>
    /// CartPole-v1: 8 environments × 32 steps, minibatch 256, 20 epochs, λ 0.8, γ 0.98, learning rate 1e-3 and
    /// clip range 0.2 both decaying linearly over the budget, no entropy bonus.
    /// </summary>
    /// <returns>Fresh options for CartPole-v1.</returns>
    public static PpoTrainer.Options CartPole() => TrainerPresets.Options<PpoTrainer.Options>("ppo-cartpole");

    /// <summary>
    /// Pendulum-v1: 4 environments × 1,024 steps, minibatch 64, 10 epochs, λ 0.95, γ 0.9, learning rate 1e-3
    /// (decaying linearly here, in place of the Zoo's gSDE exploration), clip range 0.2, no entropy bonus.
    /// </summary>
    /// <returns>Fresh options for Pendulum-v1.</returns>
    public static PpoTrainer.Options Pendulum() => TrainerPresets.Options<PpoTrainer.Options>("ppo-pendulum");
}
