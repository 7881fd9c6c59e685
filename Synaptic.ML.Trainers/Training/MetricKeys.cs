namespace Synaptic.ML.Trainers;

/// <summary>
/// The metric names the trainers record in <see cref="TrainingHistory"/> (Stable-Baselines3's and TensorBoard's
/// "group/name" convention). A learner records what it has under its own keys; these are the shared ones.
/// </summary>
public static class MetricKeys
{
    /// <summary>Training seconds so far (evaluation excluded).</summary>
    public const string Seconds = "time/seconds";

    /// <summary>Updates (gradient iterations) made so far.</summary>
    public const string Updates = "time/updates";

    /// <summary>Index of a finished training episode, in order of completion.</summary>
    public const string Episode = "rollout/episode";

    /// <summary>Undiscounted return of a finished training episode.</summary>
    public const string EpisodeReturn = "rollout/episode_return";

    /// <summary>Length of a finished training episode.</summary>
    public const string EpisodeLength = "rollout/episode_length";

    /// <summary>Policy (surrogate) loss of an update.</summary>
    public const string PolicyLoss = "train/policy_loss";

    /// <summary>Value-function loss of an update.</summary>
    public const string ValueLoss = "train/value_loss";

    /// <summary>Mean entropy of the action distribution during an update.</summary>
    public const string Entropy = "train/entropy";

    /// <summary>Approximate KL divergence between the policies before and after an update (PPO).</summary>
    public const string ApproximateKl = "train/approx_kl";

    /// <summary>Fraction of samples whose probability ratio was clipped (PPO).</summary>
    public const string ClipFraction = "train/clip_fraction";

    /// <summary>Learning rate of an update.</summary>
    public const string LearningRate = "train/learning_rate";

    /// <summary>Exploration ε of ε-greedy behaviour (value-based trainers).</summary>
    public const string Exploration = "train/epsilon";

    /// <summary>Mean absolute temporal-difference error of an iteration's updates (value-based trainers).</summary>
    public const string TemporalDifferenceError = "train/td_error";

    /// <summary>Mean Q(s, a) of the sampled transitions over an iteration's gradient steps (value-based learners).</summary>
    public const string QValue = "train/q_value";

    /// <summary>Sum of |ΔW| over a training episode's synaptic weight updates (plasticity-based learners, e.g. STDP Q-learning).</summary>
    public const string WeightChange = "train/weight_change";

    /// <summary>Loss of a training step (supervised and episodic trainers).</summary>
    public const string Loss = "train/loss";

    /// <summary>Accuracy on a training step's own data (episodic and supervised trainers).</summary>
    public const string Accuracy = "train/accuracy";

    /// <summary>
    /// Index of a <see cref="Curriculum"/>'s phase: on an iteration, the phase after its episodes were reported; on a
    /// training episode, the phase it was played in.
    /// </summary>
    public const string CurriculumPhase = "curriculum/phase";

    /// <summary>Mean of the current curriculum phase's latest returns (up to its mastery window), once the phase has one.</summary>
    public const string CurriculumWindowMean = "curriculum/window_mean";

    /// <summary>Mean return of a deterministic evaluation during training.</summary>
    public const string EvaluationMeanReturn = "eval/mean_return";

    /// <summary>Mean accuracy of a validation during training.</summary>
    public const string EvaluationAccuracy = "eval/accuracy";

    /// <summary>
    /// The key of spiking layer <paramref name="layer"/>'s firing rate in an iteration ("spikes/layer0/rate"): its spikes
    /// over the iteration's training forward passes divided by (neurons × rows × time steps), so mean spikes per neuron per
    /// time step, in [0, 1]. Trainers of spiking networks record it (the on-policy trainers and DQN with a
    /// <see cref="SpikingPolicyOptions"/> network, the spiking classifiers); layers count the network's spiking layers in
    /// forward order from 0, the output neurons last.
    /// </summary>
    /// <param name="layer">The spiking layer, from 0.</param>
    /// <returns>"spikes/layer{layer}/rate".</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is negative.</exception>
    public static string SpikeRate(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return $"spikes/layer{layer}/rate";
    }

    /// <summary>
    /// The key of the fraction of spiking layer <paramref name="layer"/>'s neurons that did not spike once over an
    /// iteration's training forward passes ("spikes/layer0/silent_fraction"), in [0, 1]: a layer whose neurons fall silent
    /// carries nothing to the next. Recorded beside <see cref="SpikeRate"/>.
    /// </summary>
    /// <param name="layer">The spiking layer, from 0.</param>
    /// <returns>"spikes/layer{layer}/silent_fraction".</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is negative.</exception>
    public static string SpikeSilentFraction(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return $"spikes/layer{layer}/silent_fraction";
    }
}
