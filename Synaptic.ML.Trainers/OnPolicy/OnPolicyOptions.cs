using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Options shared by the on-policy trainers (<see cref="ReinforceTrainer"/>, <see cref="A2CTrainer"/>,
/// <see cref="PpoTrainer"/>): the environment, the step budget, the networks, optimisation, evaluation during
/// training, checkpoints, progress and cancellation.
/// </summary>
public abstract class OnPolicyOptions
{
    /// <summary>Name of the observation column of the data given to <c>Fit</c> and read by the policy. Default "Observation".</summary>
    public string ObservationColumnName { get; set; } = "Observation";

    /// <summary>Names of the columns the trained policy appends. Default Action, ActionProbabilities, ActionMean, Value.</summary>
    public PolicyColumnNames OutputColumns { get; set; } = new();

    /// <summary>Registered environment id (made with its time limit, as <c>gym.make</c>). Give this or <see cref="EnvironmentFactory"/>.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>Makes one environment (each sub-environment and each evaluation environment gets its own). Overrides <see cref="EnvironmentId"/>.</summary>
    public Func<Env>? EnvironmentFactory { get; set; }

    /// <summary>Number of sub-environments stepped together. The default depends on the algorithm.</summary>
    public int NumberOfEnvironments { get; set; } = 1;

    /// <summary>Whether sub-environments step on worker threads (<c>ParallelVectorEnv</c>) rather than the calling thread. Default false.</summary>
    public bool ParallelEnvironments { get; set; }

    /// <summary>Training stops once this many environment steps were taken (checked after each update). Default 100,000.</summary>
    public long TotalTimesteps { get; set; } = 100_000;

    /// <summary>Discount factor γ in [0, 1]. Default 0.99.</summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Adam learning rate. The default depends on the algorithm.</summary>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>
    /// How the learning rate changes over training. Default <see cref="Schedule.Constant"/>. It is evaluated before each
    /// update at the budget fraction used so far, with the update index as both <see cref="SchedulePoint.Step"/> and
    /// <see cref="SchedulePoint.StepsInPhase"/> (one phase).
    /// </summary>
    public Schedule LearningRateSchedule { get; set; } = Schedule.Constant;

    /// <summary>Weight of the entropy bonus. Default 0.</summary>
    public double EntropyCoefficient { get; set; }

    /// <summary>Weight of the value loss. Default 0.5.</summary>
    public double ValueCoefficient { get; set; } = 0.5;

    /// <summary>Clip of the global gradient norm, or null for none. Default 0.5.</summary>
    public double? MaxGradientNorm { get; set; } = 0.5;

    /// <summary>The actor network. Default an MLP [64, 64] with tanh.</summary>
    public PolicyNetworkOptions Policy { get; set; } = new MlpPolicyOptions();

    /// <summary>Hidden sizes of the critic (an MLP with tanh). Default [64, 64].</summary>
    public int[] ValueHiddenSizes { get; set; } = [64, 64];

    /// <summary>Initial log standard deviation of continuous (Gaussian) policies. Default 0.</summary>
    public double InitialLogStd { get; set; }

    /// <summary>Seed of the networks, the environments and every draw; null takes one from the <c>MLContext</c>.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// TorchSharp intra-op threads during <c>Fit</c> (the process-wide setting is restored afterwards). Default 1:
    /// policy networks are small enough that one thread is fastest, and results are then bit-reproducible.
    /// </summary>
    public int TorchThreads { get; set; } = 1;

    /// <summary>Run a deterministic evaluation every this many updates (0: never). Default 0.</summary>
    public int EvaluationInterval { get; set; }

    /// <summary>Episodes per evaluation during training. Default 10.</summary>
    public int EvaluationEpisodes { get; set; } = 10;

    /// <summary>Stop as soon as an evaluation's mean return reaches this value (null: train for the whole budget).</summary>
    public double? StopAtEvaluationReturn { get; set; }

    /// <summary>Directory of checkpoints (created if missing); null for none.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Write a resumable checkpoint every this many updates (0: only the best policy, when evaluations run). Default 0.</summary>
    public int CheckpointInterval { get; set; }

    /// <summary>A checkpoint file to resume from; training continues exactly as the uninterrupted run would have.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>
    /// Whether <c>Fit</c> returns the network of the best evaluation during training rather than the last one
    /// (needs <see cref="EvaluationInterval"/> &gt; 0). Default false.
    /// </summary>
    public bool ReturnBestEvaluatedPolicy { get; set; }

    /// <summary>
    /// Receives a <see cref="TrainingProgress"/> after every update, called synchronously on the training thread
    /// (implement <see cref="IProgress{T}"/> directly; <see cref="Progress{T}"/> would post each report to the
    /// thread pool, where reports can arrive out of order or after <c>Fit</c> returned).
    /// </summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training between updates (an <see cref="OperationCanceledException"/> is thrown).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Checks the options, naming the first invalid one.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal virtual void Validate()
    {
        if (EnvironmentFactory is null && string.IsNullOrWhiteSpace(EnvironmentId))
            throw new ArgumentException("Set EnvironmentId or EnvironmentFactory: the trainer needs an environment to learn in.");
        ArgumentException.ThrowIfNullOrWhiteSpace(ObservationColumnName, nameof(ObservationColumnName));
        Positive(NumberOfEnvironments, nameof(NumberOfEnvironments));
        Positive(TorchThreads, nameof(TorchThreads));
        Positive(TotalTimesteps, nameof(TotalTimesteps));
        if (!(Gamma >= 0 && Gamma <= 1))
            throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "γ must lie in [0, 1].");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
        NonNegative(EntropyCoefficient, nameof(EntropyCoefficient));
        NonNegative(ValueCoefficient, nameof(ValueCoefficient));
        if (MaxGradientNorm is double norm && !(norm > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), norm, "The gradient-norm clip must be positive (or null for none).");
        ArgumentNullException.ThrowIfNull(Policy, nameof(Policy));
        Policy.Validate();
        ArgumentNullException.ThrowIfNull(ValueHiddenSizes, nameof(ValueHiddenSizes));
        if (ValueHiddenSizes.Any(s => s <= 0))
            throw new ArgumentOutOfRangeException(nameof(ValueHiddenSizes), "Value network layer sizes must be positive.");
        if (!double.IsFinite(InitialLogStd))
            throw new ArgumentOutOfRangeException(nameof(InitialLogStd), InitialLogStd, "The initial log standard deviation must be finite.");
        if (EvaluationInterval < 0)
            throw new ArgumentOutOfRangeException(nameof(EvaluationInterval), EvaluationInterval, "The evaluation interval cannot be negative.");
        Positive(EvaluationEpisodes, nameof(EvaluationEpisodes));
        ArgumentNullException.ThrowIfNull(OutputColumns, nameof(OutputColumns));
        OutputColumns.Validate();
        if (ReturnBestEvaluatedPolicy && EvaluationInterval == 0)
            throw new ArgumentException("ReturnBestEvaluatedPolicy needs evaluations: set EvaluationInterval > 0.");
        if (StopAtEvaluationReturn is not null && EvaluationInterval == 0)
            throw new ArgumentException("StopAtEvaluationReturn needs evaluations: set EvaluationInterval > 0.");
        if (CheckpointInterval < 0)
            throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), CheckpointInterval, "The checkpoint interval cannot be negative.");
        if (CheckpointInterval > 0 && string.IsNullOrWhiteSpace(CheckpointDirectory))
            throw new ArgumentException("CheckpointInterval needs a CheckpointDirectory.");
        if (ResumeFrom is not null && !File.Exists(ResumeFrom))
            throw new FileNotFoundException($"The checkpoint to resume from, '{ResumeFrom}', does not exist.", ResumeFrom);
        if (LearningRateSchedule is null)
            throw new ArgumentNullException(nameof(LearningRateSchedule), "LearningRateSchedule is null; set a Schedule such as Schedule.Constant or Schedule.Linear.");
    }

    private protected static void Positive(long value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
    }

    private protected static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and not negative.");
    }

    private protected static void Unit(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1].");
    }
}
