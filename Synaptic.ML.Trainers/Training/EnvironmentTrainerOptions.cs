using Synaptic.ML.Environments;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Options of every trainer that learns by acting in an environment (on-policy, off-policy, tabular and
/// plasticity trainers): the environment, the step budget, the sub-environments, evaluation during training,
/// the best policy, checkpoints and the names of the policy's columns.
/// </summary>
public abstract class EnvironmentTrainerOptions : TrainerOptions
{
    /// <summary>Name of the observation column of the data given to <c>Fit</c> and read by the policy. Default "Observation".</summary>
    public string ObservationColumnName { get; set; } = "Observation";

    /// <summary>Names of the columns the trained policy appends. Default Action, ActionProbabilities, ActionMean, Value, QValues.</summary>
    public PolicyColumnNames OutputColumns { get; set; } = new();

    /// <summary>Registered environment id (made with its time limit, as <c>gym.make</c>). Give this, <see cref="EnvironmentFactory"/> or <see cref="Curriculum"/>.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>Makes one environment (each sub-environment and each evaluation environment gets its own). Overrides <see cref="EnvironmentId"/>.</summary>
    public Func<Env>? EnvironmentFactory { get; set; }

    /// <summary>
    /// A curriculum to train through (null: none). When set, it supplies the environments and overrides
    /// <see cref="EnvironmentId"/> and <see cref="EnvironmentFactory"/>: every sub-environment is a
    /// <see cref="CurriculumEnv"/> that plays the current phase and moves to the next at its next reset once the
    /// trainer reported the phase mastered. Evaluations during training play the current phase, and on-policy
    /// schedules see it (<see cref="Schedule.ExponentialPerPhase"/> restarts at each phase). A fresh <c>Fit</c> starts
    /// the curriculum over; afterwards it holds where training ended (<see cref="Curriculum.Advances"/>).
    /// </summary>
    /// <remarks>
    /// Every phase must have the same observation and action spaces (checked when <c>Fit</c> starts, the phase named).
    /// Evaluation returns of different phases are compared as they are by <see cref="ReturnBestEvaluatedPolicy"/> and
    /// <see cref="StopAtEvaluationReturn"/>, although a harder phase usually gives lower returns.
    /// </remarks>
    public Curriculum? Curriculum { get; set; }

    /// <summary>Number of sub-environments stepped together. The default depends on the algorithm.</summary>
    public int NumberOfEnvironments { get; set; } = 1;

    /// <summary>Whether sub-environments step on worker threads (<c>ParallelVectorEnv</c>) rather than the calling thread. Default false.</summary>
    public bool ParallelEnvironments { get; set; }

    /// <summary>Training stops once this many environment steps were taken (checked after each iteration). Default 100,000.</summary>
    public long TotalTimesteps { get; set; } = 100_000;

    /// <summary>Run a deterministic evaluation every this many iterations (updates) (0: never). Default 0.</summary>
    public int EvaluationInterval { get; set; }

    /// <summary>Episodes per evaluation during training. Default 10.</summary>
    public int EvaluationEpisodes { get; set; } = 10;

    /// <summary>Stop as soon as an evaluation's mean return reaches this value (null: train for the whole budget).</summary>
    public double? StopAtEvaluationReturn { get; set; }

    /// <summary>Write a resumable checkpoint every this many iterations (0: only the best policy, when evaluations run). Default 0.</summary>
    public int CheckpointInterval { get; set; }

    /// <summary>A checkpoint file to resume from; training continues exactly as the uninterrupted run would have.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>
    /// Whether <c>Fit</c> returns the policy of the best evaluation during training rather than the last one
    /// (needs <see cref="EvaluationInterval"/> &gt; 0). Default false.
    /// </summary>
    public bool ReturnBestEvaluatedPolicy { get; set; }

    /// <summary>Whether an environment is set (<see cref="EnvironmentId"/>, <see cref="EnvironmentFactory"/> or <see cref="Curriculum"/>).</summary>
    internal bool HasEnvironment => Curriculum is not null || EnvironmentFactory is not null || !string.IsNullOrWhiteSpace(EnvironmentId);

    /// <summary>Whether the trainer cannot learn without an environment (true but for trainers that also learn from logged data alone).</summary>
    private protected virtual bool RequiresEnvironment => true;

    internal override void Validate()
    {
        base.Validate();
        OptionChecks.Requires(HasEnvironment || !RequiresEnvironment,
            "Set EnvironmentId, EnvironmentFactory or Curriculum: the trainer needs an environment to learn in.");
        if (Curriculum is null && EnvironmentFactory is null && !string.IsNullOrWhiteSpace(EnvironmentId))
            EnvRegistry.Spec(EnvironmentId);   // an unknown id is named (with the registered ones) when the estimator is made
        OptionChecks.NotEmpty(ObservationColumnName, nameof(ObservationColumnName));
        OptionChecks.Positive(NumberOfEnvironments, nameof(NumberOfEnvironments));
        OptionChecks.Positive(TotalTimesteps, nameof(TotalTimesteps));
        OptionChecks.NotNegative(EvaluationInterval, nameof(EvaluationInterval));
        OptionChecks.Positive(EvaluationEpisodes, nameof(EvaluationEpisodes));
        OptionChecks.NotNull(OutputColumns, nameof(OutputColumns));
        OutputColumns.Validate();
        OptionChecks.Requires(EvaluationInterval == 0 || HasEnvironment, "EvaluationInterval needs an environment to evaluate in: set EnvironmentId or EnvironmentFactory.");
        OptionChecks.Requires(!ReturnBestEvaluatedPolicy || EvaluationInterval > 0, "ReturnBestEvaluatedPolicy needs evaluations: set EvaluationInterval > 0.");
        OptionChecks.Requires(StopAtEvaluationReturn is null || EvaluationInterval > 0, "StopAtEvaluationReturn needs evaluations: set EvaluationInterval > 0.");
        OptionChecks.NotNegative(CheckpointInterval, nameof(CheckpointInterval));
        OptionChecks.Requires(CheckpointInterval == 0 || !string.IsNullOrWhiteSpace(CheckpointDirectory), "CheckpointInterval needs a CheckpointDirectory.");
        if (ResumeFrom is not null && !File.Exists(ResumeFrom))
            throw new FileNotFoundException($"The checkpoint to resume from, '{ResumeFrom}', does not exist.", ResumeFrom);
    }
}
