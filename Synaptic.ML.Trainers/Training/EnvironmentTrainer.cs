using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The layer of trainers that learn by acting in an environment and return a <see cref="PolicyTransformer"/>:
/// the environment factory (a registered id, the user's factory, or a curriculum's phases), the schema check of <c>Fit</c>'s input
/// against the observation space, vector environments, evaluation during training, the best policy and
/// checkpoints, and a curriculum's advance. Families derive from it: on-policy (<see cref="OnPolicyTrainer{TOptions}"/>), and off-policy,
/// tabular and plasticity trainers as they come.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
public abstract class EnvironmentTrainer<TOptions> : TrainerBase<TOptions, PolicyTransformer>, ITrainingSubject, IResumableTraining
    where TOptions : EnvironmentTrainerOptions
{
    private Func<Env>? _factory;
    private Curriculum? _curriculum;

    private protected EnvironmentTrainer(MLContext context, TOptions options, string name) : base(context, options, name)
    {
    }

    /// <summary>Makes one environment (known once <c>Fit</c> checked its input).</summary>
    private protected Func<Env> Factory => _factory ?? throw new InvalidOperationException("No training is running.");

    /// <summary>
    /// The curriculum being trained through, or null (known once <c>Fit</c> checked its input). Its state moves on
    /// in a <see cref="CurriculumCallback"/>; the trainer's schedules read it (<see cref="Curriculum.PointAt"/>).
    /// </summary>
    private protected Curriculum? Curriculum => _curriculum;

    /// <summary>The environment's id, for messages and checkpoints.</summary>
    private protected string EnvironmentId { get; private set; } = "";

    /// <summary>The environment's observation space.</summary>
    private protected Space ObservationSpace { get; private set; } = null!;

    /// <summary>The environment's action space.</summary>
    private protected Space ActionSpace { get; private set; } = null!;

    /// <summary>The policy model as it is now, for evaluations and the best policy.</summary>
    private protected abstract PolicyModel CurrentModel();

    /// <summary>Called after the current model was evaluated or saved (e.g. to put a network back into training mode).</summary>
    private protected virtual void AfterEvaluation()
    {
    }

    /// <summary>Refuses environments the algorithm cannot handle (e.g. a continuous action space for a Q-table).</summary>
    /// <param name="env">A probe environment.</param>
    private protected virtual void CheckEnvironment(Env env)
    {
    }

    /// <summary>The columns the policy will append for <paramref name="env"/>: whether actions are continuous, their size, and the model's outputs.</summary>
    private protected abstract (bool Continuous, int ActionSize, IReadOnlyList<PolicyOutput> Outputs) PolicyColumnsFor(Env env);

    /// <inheritdoc/>
    private protected override (string Key, MetricRowKind Rows) Headline => (MetricKeys.EpisodeReturn, MetricRowKind.Episode);

    /// <summary>Sub-environments for training, in Gymnasium's same-step autoreset mode.</summary>
    private protected VectorEnv CreateVectorEnv() => TrainerOptions.ParallelEnvironments
        ? new ParallelVectorEnv(Factory, TrainerOptions.NumberOfEnvironments, AutoresetMode.SameStep)
        : new SyncVectorEnv(Factory, TrainerOptions.NumberOfEnvironments, AutoresetMode.SameStep);

    /// <summary>Whether training runs without an environment (from <c>Fit</c>'s rows alone); known once <c>Fit</c> checked its input.</summary>
    private protected bool IsOffline { get; private set; }

    /// <summary>
    /// The observation and action spaces when no environment is set (trainers that learn from logged data alone,
    /// whose options allow it): read from the input's schema and the options.
    /// </summary>
    /// <param name="schema">The input's schema (its observation column was checked to be a known-size Single vector).</param>
    /// <returns>The spaces.</returns>
    private protected virtual (Space Observation, Space Action) SpacesWithoutEnvironment(DataViewSchema schema) =>
        throw new InvalidOperationException($"{Name} needs an environment.");

    /// <summary>The policy's columns when no environment is set (see <see cref="SpacesWithoutEnvironment"/>).</summary>
    private protected virtual (bool Continuous, int ActionSize, IReadOnlyList<PolicyOutput> Outputs) PolicyColumnsWithoutEnvironment() =>
        throw new InvalidOperationException($"{Name} needs an environment.");

    /// <summary>Reads the rows of <c>Fit</c>'s input, for trainers that learn from them too (after the spaces are known). Nothing by default.</summary>
    /// <param name="input">The input.</param>
    private protected virtual void ReadInput(IDataView input)
    {
    }

    private protected override void CheckInput(IDataView input)
    {
        _curriculum = TrainerOptions.Curriculum;
        IsOffline = !TrainerOptions.HasEnvironment;
        if (IsOffline)
        {
            _factory = null;
            EnvironmentId = "logged transitions";
            CheckObservationColumn(input.Schema, null);
            (ObservationSpace, ActionSpace) = SpacesWithoutEnvironment(input.Schema);
            ReadInput(input);
            return;
        }
        var factory = CreateFactory();
        var probe = factory();
        CheckObservationColumn(input.Schema, probe);
        CheckEnvironment(probe);
        EnvironmentId = probe.Id;
        ObservationSpace = probe.ObservationSpace;
        ActionSpace = probe.ActionSpace;
        (probe as IDisposable)?.Dispose();
        _factory = factory;
        ReadInput(input);
    }

    private protected override IEnumerable<TrainingCallback> CreateCallbacks(ITrainingSubject subject)
    {
        var options = TrainerOptions;
        // First, so that an evaluation in the iteration of an advance already plays the new phase.
        if (_curriculum is not null)
            yield return new CurriculumCallback(_curriculum);
        if (options.EvaluationInterval > 0)
        {
            yield return new EvaluationCallback(subject, options.EvaluationInterval, atEnd: false);
            if (options.ReturnBestEvaluatedPolicy || options.CheckpointDirectory is not null)
                yield return new KeepBestCallback(subject, options.ReturnBestEvaluatedPolicy, options.CheckpointDirectory);
            if (options.StopAtEvaluationReturn is double target)
                yield return new StopAtEvaluationCallback(target);
        }
        if (options.CheckpointInterval > 0)
            yield return new CheckpointCallback(options.CheckpointDirectory!, options.CheckpointInterval, (run, path) => SaveCheckpoint(this, run, path));
    }

    /// <summary>The output schema: the input's columns plus the action and the model's outputs.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainerOptions.Validate();
        var column = inputSchema.Where(c => c.Name == TrainerOptions.ObservationColumnName).ToArray();
        if (column.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is not in the schema (columns: {string.Join(", ", inputSchema.Select(c => c.Name))}).");
        if (column[^1].Kind != SchemaShape.Column.VectorKind.Vector || column[^1].ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' must be a known-size vector of Single; it is a {column[^1].Kind} of {column[^1].ItemType}.");
        bool continuous;
        int actionSize;
        IReadOnlyList<PolicyOutput> outputs;
        if (TrainerOptions.HasEnvironment)
        {
            var probe = CreateFactory()();
            (continuous, actionSize, outputs) = PolicyColumnsFor(probe);
            (probe as IDisposable)?.Dispose();
        }
        else
        {
            (continuous, actionSize, outputs) = PolicyColumnsWithoutEnvironment();
        }
        var names = TrainerOptions.OutputColumns;
        var builder = new DataViewSchema.Builder();
        if (continuous)
            builder.AddColumn(names.Action, new VectorDataViewType(NumberDataViewType.Single, actionSize));
        else
            builder.AddColumn(names.Action, NumberDataViewType.Int32);
        foreach (var output in outputs)
        {
            if (output.IsVector)
                builder.AddColumn(names.NameOf(output.Role), new VectorDataViewType(NumberDataViewType.Single, output.Size));
            else
                builder.AddColumn(names.NameOf(output.Role), NumberDataViewType.Single);
        }
        var added = MlNetModelIO.CreateSchemaShape(builder.ToSchema());
        var addedNames = added.Select(c => c.Name).ToHashSet();
        return new SchemaShape(inputSchema.Where(c => !addedNames.Contains(c.Name)).Concat(added));
    }

    /// <summary>The trained policy as a transformer.</summary>
    private protected PolicyTransformer CreateTransformer(PolicyModel model, TrainingHistory? history) =>
        new(Host, TrainerOptions.ObservationColumnName, TrainerOptions.OutputColumns, model, history);

    string ITrainingSubject.EvaluationKey => MetricKeys.EvaluationMeanReturn;

    string ITrainingSubject.BestModelFileName => "best-policy.zip";

    (double Score, string Description) ITrainingSubject.Evaluate(TrainingRun run)
    {
        try
        {
            var episodes = TrainerOptions.EvaluationEpisodes;
            var evaluation = CreateTransformer(CurrentModel(), null)
                .EvaluateBatched(Factory, episodes, run.Seed + 1_000_000 + run.Iteration * 1_000, null, Math.Min(episodes, 32));
            return (evaluation.MeanReturn, evaluation.ToString());
        }
        finally
        {
            AfterEvaluation();
        }
    }

    void ITrainingSubject.SaveModel(string path, TrainingHistory history)
    {
        try
        {
            var schema = new DataViewSchema.Builder();
            schema.AddColumn(TrainerOptions.ObservationColumnName, new VectorDataViewType(NumberDataViewType.Single, ObservationSpace.Size));
            Context.Model.Save(CreateTransformer(CurrentModel(), history), schema.ToSchema(), path);
        }
        finally
        {
            AfterEvaluation();
        }
    }

    byte[] ITrainingSubject.SnapshotWeights() => SnapshotWeights();

    void ITrainingSubject.RestoreWeights(byte[] snapshot) => RestoreWeights(snapshot);

    string IResumableTraining.Identity => Identity;

    void IResumableTraining.WriteState(BinaryWriter writer) => WriteState(writer);

    void IResumableTraining.ReadState(BinaryReader reader) => ReadState(reader);

    /// <summary>The weights of the model being trained, as bytes.</summary>
    private protected abstract byte[] SnapshotWeights();

    /// <summary>Puts back weights from <see cref="SnapshotWeights"/>.</summary>
    private protected abstract void RestoreWeights(byte[] snapshot);

    /// <summary>Describes the training set-up; a checkpoint resumes only into the same set-up.</summary>
    private protected abstract string Identity { get; }

    /// <summary>Writes the trainer's state into a checkpoint.</summary>
    private protected abstract void WriteState(BinaryWriter writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    private protected abstract void ReadState(BinaryReader reader);

    private Func<Env> CreateFactory()
    {
        if (TrainerOptions.Curriculum is { } curriculum)
            return () => new CurriculumEnv(curriculum);
        if (TrainerOptions.EnvironmentFactory is { } factory)
            return () => factory() ?? throw new InvalidOperationException("The environment factory returned null.");
        var id = TrainerOptions.EnvironmentId!;
        EnvRegistry.Spec(id);
        return () => EnvRegistry.Make(id);
    }

    private void CheckObservationColumn(DataViewSchema schema, Env? env)
    {
        var column = schema.GetColumnOrNull(TrainerOptions.ObservationColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is not in the input schema (columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } vector || item != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' must be a known-size vector of Single; it is {column.Type}.");
        if (env is null)
            return;
        var size = env.ObservationSpace.Size;
        if (vector.Size != size)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' has {vector.Size} values per row, but {env.Id}'s observation space {env.ObservationSpace} has {size}.");
    }
}
