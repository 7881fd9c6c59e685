namespace Synaptic.ML.Trainers;

/// <summary>
/// Tuned DQN settings: the RL Baselines3 Zoo's (<c>hyperparams/dqn.yml</c>) for the classic-control tasks, and the
/// MinAtar paper's (Young and Tian, 2019) for MinAtar's games. Each returns new options to adjust further.
/// </summary>
public static class DqnPresets
{
    /// <summary>CartPole-v1 (Zoo): 50,000 steps, learning rate 2.3e-3, batch 64, buffer 100,000, learning starts 1,000, γ 0.99, target every 10 steps, train every 256 steps with 128 gradient steps, ε 1 → 0.04 over 16%, MLP [256, 256] ReLU.</summary>
    /// <returns>The options (environment "CartPole-v1").</returns>
    public static DqnTrainer.Options CartPole() => TrainerPresets.Options<DqnTrainer.Options>("dqn-cartpole");

    /// <summary>Acrobot-v1 (Zoo): 100,000 steps, learning rate 6.3e-4, batch 128, buffer 50,000, learning starts 0, γ 0.99, target every 250 steps, train every 4 steps with one gradient step per step (−1), ε 1 → 0.1 over 12%, MLP [256, 256] ReLU.</summary>
    /// <returns>The options (environment "Acrobot-v1").</returns>
    public static DqnTrainer.Options Acrobot() => TrainerPresets.Options<DqnTrainer.Options>("dqn-acrobot");

    /// <summary>MountainCar-v0 (Zoo): 120,000 steps, learning rate 4e-3, batch 128, buffer 10,000, learning starts 1,000, γ 0.98, target every 600 steps, train every 16 steps with 8 gradient steps, ε 1 → 0.07 over 20%, MLP [256, 256] ReLU.</summary>
    /// <returns>The options (environment "MountainCar-v0").</returns>
    public static DqnTrainer.Options MountainCar() => TrainerPresets.Options<DqnTrainer.Options>("dqn-mountaincar");

    /// <summary>
    /// MinAtar Breakout ("MinAtar/Breakout-v1", minimal actions, sticky actions 0.1) with the MinAtar paper's DQN (Young
    /// and Tian, 2019): the network of one 3×3 convolution with 16 filters and a hidden layer of 128 units, replay of
    /// 100,000, batch 32, one gradient step per environment step, target network every 1,000 steps, learning starts
    /// 5,000, γ 0.99, ε 1 → 0.1 over the first 100,000 steps, Huber loss. One departure: Adam with learning rate 1e-4
    /// (Stable-Baselines3's Atari setting) where the paper used centred RMSProp with 2.5e-4. Budget 1,000,000 steps
    /// (the paper trained 5,000,000 frames).
    /// </summary>
    /// <returns>The options (environment "MinAtar/Breakout-v1").</returns>
    public static DqnTrainer.Options MinAtarBreakout() => TrainerPresets.Options<DqnTrainer.Options>("dqn-minatar-breakout");
}
