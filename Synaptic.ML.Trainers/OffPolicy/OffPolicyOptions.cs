namespace Synaptic.ML.Trainers;

/// <summary>
/// Options shared by the off-policy trainers (<see cref="DqnTrainer"/>): the replay buffer, when and how much to
/// train, the target network, ε-greedy exploration, optimisation, and learning from logged transitions. The
/// defaults are Stable-Baselines3's DQN defaults; <see cref="DqnPresets"/> holds the RL Zoo's tuned settings.
/// </summary>
public abstract class OffPolicyOptions : EnvironmentTrainerOptions
{
    /// <summary>Creates the options; off-policy trainers use one TorchSharp thread by default.</summary>
    private protected OffPolicyOptions()
    {
        // Q-networks are small: one thread is fastest for their matrices, and results are then bit-reproducible.
        TorchThreads = 1;
    }

    /// <summary>Adam learning rate. Default 1e-4.</summary>
    public double LearningRate { get; set; } = 1e-4;

    /// <summary>How the learning rate changes over training, evaluated before each iteration's updates at the budget fraction used. Default <see cref="Schedule.Constant"/>.</summary>
    public Schedule LearningRateSchedule { get; set; } = Schedule.Constant;

    /// <summary>Transitions the replay buffer keeps (the oldest are overwritten). Default 1,000,000; memory is only taken for what the budget can fill.</summary>
    public int BufferSize { get; set; } = 1_000_000;

    /// <summary>Environment steps taken with uniformly random actions, before any update. Default 100.</summary>
    public long LearningStarts { get; set; } = 100;

    /// <summary>Transitions per gradient step. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Discount factor γ in [0, 1]. Default 0.99.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Steps of every sub-environment between two training phases (a rollout). Default 4.</summary>
    public int TrainFrequency { get; set; } = 4;

    /// <summary>Gradient steps per training phase; −1 takes as many as environment steps the rollout collected. Default 1.</summary>
    public int GradientSteps { get; set; } = 1;

    /// <summary>
    /// The target network follows the online one every this many environment steps (with several environments, every
    /// ⌊interval / environments⌋ vector steps, as Stable-Baselines3); offline, every this many gradient steps. Default 10,000.
    /// </summary>
    public int TargetUpdateInterval { get; set; } = 10_000;

    /// <summary>Polyak coefficient τ in (0, 1] of a target update, θ′ ← τ·θ + (1 − τ)·θ′; 1 copies (a hard update). Default 1.</summary>
    public double Tau { get; set; } = 1.0;

    /// <summary>Double DQN (van Hasselt et al., 2016): the online network picks the next action, the target network values it. Default false.</summary>
    public bool DoubleQ { get; set; }

    /// <summary>The Huber loss (smooth L1, δ = 1) on the TD error, as Stable-Baselines3 and the DQN paper's clipped error; false for the squared error. Default true.</summary>
    public bool HuberLoss { get; set; } = true;

    /// <summary>Exploration ε at the start. Default 1.</summary>
    public double ExplorationInitial { get; set; } = 1.0;

    /// <summary>Exploration ε at the end of <see cref="ExplorationFraction"/> of the budget and after. Default 0.05.</summary>
    public double ExplorationFinal { get; set; } = 0.05;

    /// <summary>Fraction of the budget over which ε goes from <see cref="ExplorationInitial"/> to <see cref="ExplorationFinal"/>, in (0, 1]. Default 0.1.</summary>
    public double ExplorationFraction { get; set; } = 0.1;

    /// <summary>
    /// How ε moves over <see cref="ExplorationFraction"/>: ε = final + (initial − final)·schedule(1, p), p the fraction of
    /// that part of the budget used. Default <see cref="Schedule.Linear"/> (Stable-Baselines3).
    /// </summary>
    public Schedule ExplorationSchedule { get; set; } = Schedule.Linear;

    /// <summary>Clip of the global gradient norm, or null for none. Default 10.</summary>
    public double? MaxGradientNorm { get; set; } = 10;

    /// <summary>
    /// Environment steps per iteration (rounded up to whole rollouts); callbacks (evaluation, progress, checkpoints) run
    /// between iterations. Offline, gradient steps per iteration. Default 1,000.
    /// </summary>
    public int StepsPerIteration { get; set; } = 1_000;

    /// <summary>
    /// Number of discrete actions when no environment is set (offline training from logged transitions); with an
    /// environment, null or its action count. Offline, every logged action must be an integer in [0, ActionCount).
    /// </summary>
    public int? ActionCount { get; set; }

    /// <summary>Gradient steps of offline training (no environment set). Default 50,000.</summary>
    public long OfflineGradientSteps { get; set; } = 50_000;

    /// <inheritdoc/>
    private protected override bool RequiresEnvironment => false;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.PositiveFinite(LearningRate, nameof(LearningRate));
        OptionChecks.NotNull(LearningRateSchedule, nameof(LearningRateSchedule));
        OptionChecks.Positive(BufferSize, nameof(BufferSize));
        OptionChecks.NotNegative(LearningStarts, nameof(LearningStarts));
        OptionChecks.Positive(BatchSize, nameof(BatchSize));
        if (BatchSize > BufferSize)
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize,
                $"{nameof(BufferSize)} = {BufferSize} is smaller than a batch ({nameof(BatchSize)} = {BatchSize}): the replay buffer must hold at least one batch.");
        OptionChecks.Unit(Gamma, nameof(Gamma));
        OptionChecks.Positive(TrainFrequency, nameof(TrainFrequency));
        if (GradientSteps < -1)
            throw new ArgumentOutOfRangeException(nameof(GradientSteps), GradientSteps, $"{nameof(GradientSteps)} must be ≥ 0, or −1 for as many as steps collected; it is {GradientSteps}.");
        OptionChecks.Positive(TargetUpdateInterval, nameof(TargetUpdateInterval));
        if (!(Tau > 0 && Tau <= 1))
            throw new ArgumentOutOfRangeException(nameof(Tau), Tau, $"{nameof(Tau)} must lie in (0, 1]; it is {Tau}.");
        OptionChecks.Unit(ExplorationInitial, nameof(ExplorationInitial));
        OptionChecks.Unit(ExplorationFinal, nameof(ExplorationFinal));
        if (!(ExplorationFraction > 0 && ExplorationFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(ExplorationFraction), ExplorationFraction, $"{nameof(ExplorationFraction)} must lie in (0, 1]; it is {ExplorationFraction}.");
        OptionChecks.NotNull(ExplorationSchedule, nameof(ExplorationSchedule));
        OptionChecks.PositiveOrNull(MaxGradientNorm, nameof(MaxGradientNorm));
        OptionChecks.Positive(StepsPerIteration, nameof(StepsPerIteration));
        if (ActionCount is int count)
            OptionChecks.Positive(count, nameof(ActionCount));
        OptionChecks.Requires(HasEnvironment || ActionCount is not null,
            "Without an environment (offline training from logged transitions) set ActionCount, the number of discrete actions.");
        OptionChecks.Positive(OfflineGradientSteps, nameof(OfflineGradientSteps));
    }
}
