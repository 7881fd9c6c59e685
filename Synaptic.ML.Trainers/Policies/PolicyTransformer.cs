using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Environments;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;
using Synaptic.ML.Transforms;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A trained policy as an ML.NET transformer, over any <see cref="PolicyModel"/>. It reads the observation column
/// and appends (names in <see cref="Columns"/>) <c>Action</c> (an <see cref="int"/> for discrete actions, a
/// <see cref="float"/> vector for continuous ones, ready for the environment) and the model's outputs: for an
/// actor-critic model <c>ActionProbabilities</c> (discrete: softmax over the actions) or <c>ActionMean</c>
/// (continuous: the Gaussian mean before clipping), and <c>Value</c> (the critic's state value, when there is a
/// critic). It works on episode <see cref="IDataView"/>s, serves <c>PredictionEngine</c>, and saves and loads with
/// <c>mlContext.Model</c>; <see cref="Act(ReadOnlySpan{float}, Span{float})"/> is the fast path for control loops.
/// </summary>
/// <remarks>
/// <para>Actions are deterministic (the most probable action, or the mean) unless the transformer was made with
/// <see cref="WithSampling"/>; sampled actions are a pure function of the seed and the row position, so a
/// re-read of the same view gives the same actions.</para>
/// <para>Stateful models (<see cref="IsStateful"/>) carry state through an episode. On a view, a new value of the
/// episode column (<see cref="EpisodeColumnName"/>, "Episode" as in episode views) starts a new episode; without
/// that column, each cursor — and so each <c>PredictionEngine</c> — is one episode: give your prediction input
/// an <c>Episode</c> property and change it at every reset, or create a new engine per episode. Rows must be
/// read in order. <see cref="Act(ReadOnlySpan{float}, Span{float})"/> continues one episode until
/// <see cref="StartEpisode"/>; <c>Evaluate</c> and <c>Rollout</c> start one at every reset.</para>
/// <para>A network policy holds TorchSharp tensors in native memory: dispose the transformer (<c>using var policy = …</c>)
/// when done with it. Its <see cref="WithSampling"/> copies share the model, which is released when the last transformer
/// sharing it is disposed; a disposed transformer throws <see cref="ObjectDisposedException"/> when asked to act or transform.
/// Undisposed, the tensors are released by the garbage collector's finalizers, later.</para>
/// </remarks>
public sealed class PolicyTransformer : AppendedColumnsTransformer, ISynapticModel<PolicyTransformer>, IEpisodicPolicy, IDisposable
{
    private readonly PolicyModel _model;
    private readonly PolicyState _controlState;
    private SplitMix64 _controlRandom;
    private int _disposed;

    internal PolicyTransformer(IHostEnvironment env, string observationColumnName, PolicyColumnNames columns, PolicyModel model, TrainingHistory? history,
        bool sampling = false, ulong seed = 0, string episodeColumnName = "Episode")
        : base(env, nameof(PolicyTransformer), observationColumnName)
    {
        columns.Validate();
        if (sampling && !model.CanSample)
            throw new ArgumentException($"A {model.Kind} policy always acts deterministically; it cannot sample.", nameof(sampling));
        ArgumentException.ThrowIfNullOrWhiteSpace(episodeColumnName);
        Columns = columns;
        _model = model;
        TrainingHistory = history;
        IsSampling = sampling;
        Seed = seed;
        EpisodeColumnName = episodeColumnName;
        _controlState = model.CreateState(1);
        _controlRandom = SplitMix64.ForStream(seed, 0xAC7);
        model.AddUser();
    }

    /// <summary>Whether this transformer was disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0 || _model.IsDisposed;

    /// <summary>
    /// Stops this transformer's use of its model; the model's native memory is released when the last transformer sharing it
    /// (this one and its <see cref="WithSampling"/> copies) is disposed. Idempotent.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _model.RemoveUser();
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
            throw new ObjectDisposedException(nameof(PolicyTransformer), $"This {_model.Kind} policy transformer was disposed; it cannot act or transform any more.");
        _model.ThrowIfDisposed();
    }

    /// <summary>Names of the appended columns.</summary>
    public PolicyColumnNames Columns { get; }

    /// <summary>What the policy computes.</summary>
    public PolicyModel Model => _model;

    /// <summary>The action distribution of an actor-critic policy.</summary>
    /// <exception cref="InvalidOperationException">The model is not an actor-critic network.</exception>
    public ActionHead Head => ActorCritic.Head;

    /// <summary>Whether actions are continuous vectors.</summary>
    public bool IsContinuous => _model.IsContinuous;

    /// <summary>Floats per observation.</summary>
    public int ObservationSize => _model.ObservationSize;

    /// <summary>Floats per environment action.</summary>
    public int ActionSize => _model.ActionSize;

    /// <summary>Whether the policy has a critic and so a <c>Value</c> column.</summary>
    public bool HasValue => _model.Outputs.Any(o => o.Role == PolicyOutputRoles.Value);

    /// <summary>The actor network's description (actor-critic policies).</summary>
    public PolicyNetworkOptions Network => ActorCritic.Network;

    /// <summary>Whether actions are sampled rather than deterministic.</summary>
    public bool IsSampling { get; }

    /// <summary>Seed of sampled actions.</summary>
    public ulong Seed { get; }

    /// <summary>Whether the model carries state through an episode.</summary>
    public bool IsStateful => _model.IsStateful;

    /// <summary>The input column whose changes start new episodes for a stateful model. Default "Episode".</summary>
    public string EpisodeColumnName { get; }

    /// <summary>The training history, when the policy came from a trainer (it is saved with the model).</summary>
    public TrainingHistory? TrainingHistory { get; }

    /// <summary>The Gaussian standard deviations of a continuous actor-critic policy (empty for discrete ones).</summary>
    public IReadOnlyList<float> ActionStd => (_model as ActorCriticPolicy)?.LogStd.Select(MathF.Exp).ToArray() ?? [];

    /// <inheritdoc/>
    /// <remarks>0x00010002: any policy model (kind + payload), keyed training history, QValues column name; readers
    /// before it cannot read that, so it needs a reader of 0x00010002 (an older library says "upgrade").</remarks>
    public static ModelFormat ModelFormat { get; } = new("SNPOLICY", 0x00010002, 0x00010001, "SynapticPolicy", MinimumReaderVersion: 0x00010002);

    internal ActorCritic Module => ActorCritic.Module;

    private ActorCriticPolicy ActorCritic => _model as ActorCriticPolicy
        ?? throw new InvalidOperationException($"This is a {_model.Kind} policy; only actor-critic policies have an action head, a network description and a value.");

    /// <summary>A copy that samples actions from the distribution, seeded.</summary>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The sampling policy (it shares this one's model).</returns>
    /// <exception cref="ObjectDisposedException">This transformer was disposed.</exception>
    public PolicyTransformer WithSampling(ulong seed) => IsDisposed
        ? throw new ObjectDisposedException(nameof(PolicyTransformer), "A disposed policy transformer cannot make a sampling copy.")
        : new(Host, InputColumnName, Columns, _model, TrainingHistory, true, seed, EpisodeColumnName);

    /// <summary>Starts a new episode for <see cref="Act(ReadOnlySpan{float}, Span{float})"/> (a no-op for stateless models).</summary>
    public void StartEpisode() => _controlState.ResetAll();

    /// <summary>The deterministic action for one observation (no allocation beyond TorchSharp's own); a stateful model continues the episode started by <see cref="StartEpisode"/>.</summary>
    /// <param name="observation">The observation, <see cref="ObservationSize"/> floats.</param>
    /// <param name="action">Destination of the environment action.</param>
    /// <exception cref="ArgumentException">Wrong sizes, or a NaN in the observation.</exception>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        CheckAct(observation, action);
        _model.Act(observation, 1, action, [], _controlState, [], []);
    }

    /// <summary>As a rollout's policy: deterministic, or drawn from the policy's own generator when made with <see cref="WithSampling"/>.</summary>
    void IEpisodicPolicy.Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (!IsSampling)
        {
            Act(observation, action);
            return;
        }
        CheckAct(observation, action);
        _model.Act(observation, 1, action, [], _controlState, [], new Span<SplitMix64>(ref _controlRandom));
    }

    /// <summary>An action drawn from the policy's distribution.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="action">Destination of the environment action.</param>
    /// <param name="random">The generator the draw advances.</param>
    public void Act(ReadOnlySpan<float> observation, Span<float> action, ref SplitMix64 random)
    {
        CheckAct(observation, action);
        _model.Act(observation, 1, action, [], _controlState, [], new Span<SplitMix64>(ref random));
    }

    /// <summary>The deterministic action for one observation (allocates the result).</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>The environment action.</returns>
    public float[] Act(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var action = new float[ActionSize];
        CheckAct(observation, action);
        _model.Act(observation, 1, action, [], _controlState, [], []);
        return action;
    }

    /// <summary>
    /// Deterministic actions for a batch of observations, computed in one network call. A stateful model gets fresh
    /// episode state on every call (one step of B new episodes); run whole episodes with <c>Evaluate</c>, <c>Rollout</c> or
    /// <see cref="Act(ReadOnlySpan{float}, Span{float})"/>.
    /// </summary>
    /// <param name="observations">B observations back to back, B·<see cref="ObservationSize"/> floats.</param>
    /// <param name="actions">Destination of the B environment actions.</param>
    /// <exception cref="ArgumentException">The sizes do not fit, or an observation holds a non-finite value.</exception>
    public void ActBatch(ReadOnlySpan<float> observations, Span<float> actions) => ActBatch(observations, actions, PolicyState.Stateless, []);

    internal void ActBatch(ReadOnlySpan<float> observations, Span<float> actions, PolicyState state, ReadOnlySpan<int> slots)
    {
        ThrowIfDisposed();
        if (observations.Length == 0 || observations.Length % ObservationSize != 0)
            throw new ArgumentException($"The batch has {observations.Length} floats, not a positive multiple of the observation size {ObservationSize}.", nameof(observations));
        var batch = observations.Length / ObservationSize;
        if (actions.Length != batch * ActionSize)
            throw new ArgumentException($"The action buffer has {actions.Length} floats; {batch} actions need {batch * ActionSize}.", nameof(actions));
        var bad = observations.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"Observation {bad / ObservationSize}, element {bad % ObservationSize} is {observations[bad]}; a policy needs finite observations.", nameof(observations));
        if (IsStateful && ReferenceEquals(state, PolicyState.Stateless))
            state = _model.CreateState(batch);
        _model.Act(observations, batch, actions, [], state, slots, []);
    }

    /// <summary>The critic's value of one observation.</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>V(observation).</returns>
    /// <exception cref="InvalidOperationException">The policy has no critic.</exception>
    public float Value(ReadOnlySpan<float> observation)
    {
        if (!HasValue)
            throw new InvalidOperationException("This policy has no value network (REINFORCE without a baseline).");
        CheckAct(observation, stackalloc float[ActionSize]);
        var model = ActorCritic;
        Span<float> parameters = stackalloc float[model.Head.ParameterCount];
        Span<float> value = stackalloc float[1];
        model.Evaluate(observation, 1, parameters, value);
        return value[0];
    }

    /// <summary>The actor-critic network's distribution parameters and value (NaN without a critic) for one observation.</summary>
    internal void Evaluate(ReadOnlySpan<float> observation, Span<float> parameters, out float value)
    {
        var model = ActorCritic;
        Span<float> values = stackalloc float[1];
        model.Evaluate(observation, 1, parameters, model.HasCritic ? values : []);
        value = model.HasCritic ? values[0] : float.NaN;
    }

    /// <summary>The policy as a <see cref="Policy"/> delegate for rollouts: deterministic, or sampling when made with <see cref="WithSampling"/>.</summary>
    /// <returns>The delegate (for a stateful model, one episode: use <see cref="AsEpisodicPolicy"/> for several).</returns>
    public Policy AsPolicy() => AsEpisodicPolicy().Act;

    /// <summary>
    /// The policy for rollouts over several episodes, with its own episode state and (when sampling) its own
    /// generator, seeded from <see cref="Seed"/>: <c>Evaluate</c> and <c>Rollout</c> call its
    /// <see cref="IEpisodicPolicy.StartEpisode"/> at every reset.
    /// </summary>
    /// <returns>The policy.</returns>
    public IEpisodicPolicy AsEpisodicPolicy() => new EpisodeRunner(this);

    /// <summary>
    /// Runs <paramref name="episodes"/> episodes on environments from <paramref name="factory"/>, up to
    /// <paramref name="parallel"/> at once, asking the model for all their actions in one call; a stateful model
    /// starts over at every reset. Deterministic actions.
    /// </summary>
    internal PolicyEvaluation EvaluateBatched(Func<Env> factory, int episodes, int seed, double? successThreshold, int parallel)
    {
        ThrowIfDisposed();
        using var torch = EvaluationScope();
        var state = _model.CreateState(Math.Min(parallel, episodes));
        return PolicyEvaluator.RunBatched(factory, (observations, _, actions, slots) => ActBatch(observations, actions, state, slots), episodes, seed,
            successThreshold, parallel, state.Reset);
    }

    /// <summary>
    /// Runs <paramref name="episodes"/> episodes of <paramref name="env"/> one after another with a fresh episode state and
    /// generator (see <see cref="AsEpisodicPolicy"/>).
    /// </summary>
    internal PolicyEvaluation Evaluate(Env env, int episodes, int seed, double? successThreshold)
    {
        ThrowIfDisposed();
        using var torch = EvaluationScope();
        return PolicyEvaluator.Run(env, AsEpisodicPolicy(), episodes, seed, successThreshold);
    }

    // Small policy networks run fastest on one TorchSharp thread (as in training): with more, libtorch splits a batch's
    // small operations across threads and waits for them, which costs more than it saves. Managed models skip TorchSharp.
    private TorchScope? EvaluationScope() => _model.UsesTorch ? TorchScope.Enter(threads: 1) : null;

    /// <summary>A rollout's view of the policy: its own episode state and generator.</summary>
    private sealed class EpisodeRunner(PolicyTransformer policy) : IEpisodicPolicy
    {
        private readonly PolicyState _state = policy._model.CreateState(1);
        private SplitMix64 _random = SplitMix64.ForStream(policy.Seed, 0xAC7);

        public void StartEpisode() => _state.ResetAll();

        public void Act(ReadOnlySpan<float> observation, Span<float> action)
        {
            policy.CheckAct(observation, action);
            if (policy.IsSampling)
                policy._model.Act(observation, 1, action, [], _state, [], new Span<SplitMix64>(ref _random));
            else
                policy._model.Act(observation, 1, action, [], _state, [], []);
        }
    }

    private void CheckAct(ReadOnlySpan<float> observation, Span<float> action)
    {
        ThrowIfDisposed();
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"The observation has {observation.Length} floats; this policy reads {ObservationSize}.", nameof(observation));
        if (action.Length != ActionSize)
            throw new ArgumentException($"The action buffer has {action.Length} floats; this policy writes {ActionSize}.", nameof(action));
        var bad = observation.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"Observation element {bad} is {observation[bad]}; a policy needs finite observations.", nameof(observation));
    }

    private protected override IReadOnlyList<string> AuxiliaryInputColumns => IsStateful ? [EpisodeColumnName] : [];

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType)
    {
        var size = InputSize(inputType);
        if (size != ObservationSize)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; this policy reads observations of {ObservationSize}.");
        var columns = new List<DataViewSchema.DetachedColumn>
        {
            IsContinuous
                ? new(Columns.Action, new VectorDataViewType(NumberDataViewType.Single, ActionSize))
                : new(Columns.Action, NumberDataViewType.Int32),
        };
        foreach (var output in _model.Outputs)
        {
            columns.Add(output.IsVector
                ? new(Columns.NameOf(output.Role), new VectorDataViewType(NumberDataViewType.Single, output.Size))
                : new(Columns.NameOf(output.Role), NumberDataViewType.Single));
        }
        return columns;
    }

    private protected override Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active)
    {
        var row = new PolicyRow(this, inputRow, CreateDenseReader(inputRow, input));
        var getters = new Delegate?[active.Length];
        if (active[0])
        {
            getters[0] = IsContinuous
                ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Copy(row.Update().Action, ref value))
                : (ValueGetter<int>)((ref int value) => value = (int)row.Update().Action[0]);
        }
        var offset = 0;
        for (var i = 0; i < _model.Outputs.Count; i++)
        {
            var output = _model.Outputs[i];
            var start = offset;
            offset += output.Size;
            if (!active[i + 1])
                continue;
            getters[i + 1] = output.IsVector
                ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Copy(row.Update().Outputs.AsSpan(start, output.Size), ref value))
                : (ValueGetter<float>)((ref float value) => value = row.Update().Outputs[start]);
        }
        return getters;
    }

    private static void Copy(ReadOnlySpan<float> source, ref VBuffer<float> value)
    {
        var editor = VBufferEditor.Create(ref value, source.Length);
        source.CopyTo(editor.Values);
        value = editor.Commit();
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write(InputColumnName);
        Columns.Write(writer.Writer);
        writer.Writer.Write(IsSampling);
        writer.Writer.Write(Seed);
        writer.Writer.Write(EpisodeColumnName);
        writer.Writer.Write(_model.Kind);
        writer.WriteStream("Policy", _model.Write);
        writer.Writer.Write(TrainingHistory is not null);
        if (TrainingHistory is not null)
            writer.WriteStream("TrainingHistory", TrainingHistory.Write);
    }

    /// <inheritdoc/>
    public static PolicyTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        TorchRuntime.EnsureAvailable();
        // 0x00010001 (before the policy-model family): always an actor-critic network, fixed-field history.
        var modelFamily = reader.WrittenVersion >= 0x00010002;
        var column = reader.Reader.ReadString();
        var columns = PolicyColumnNames.Read(reader.Reader, hasQValues: modelFamily);
        var sampling = reader.Reader.ReadBoolean();
        var seed = reader.Reader.ReadUInt64();
        var episodeColumn = modelFamily ? reader.Reader.ReadString() : "Episode";
        var kind = modelFamily ? reader.Reader.ReadString() : ActorCriticPolicy.KindName;
        PolicyModel? model = null;
        reader.ReadStream("Policy", r => model = PolicyModelReaders.Read(kind, r));
        TrainingHistory? history = null;
        if (reader.Reader.ReadBoolean())
            reader.ReadStream("TrainingHistory", r => history = modelFamily ? TrainingHistory.Read(r) : TrainingHistory.ReadEpisodesAndUpdates(r));
        return reader.Create(() => new PolicyTransformer(env, column, columns, model!, history, sampling, seed, episodeColumn));
    }

    /// <summary>One cursor's evaluation of the current row, shared by its getters; for a stateful model, the cursor's episode state.</summary>
    private sealed class PolicyRow
    {
        private readonly PolicyTransformer _policy;
        private readonly DataViewRow _row;
        private readonly DenseVectorReader _reader;
        private readonly ValueGetter<int>? _episode;
        private readonly PolicyState _state;
        private readonly float[] _action;
        private readonly float[] _outputs;
        private long _position = -1;
        private int? _currentEpisode;

        public PolicyRow(PolicyTransformer policy, DataViewRow row, DenseVectorReader reader)
        {
            _policy = policy;
            _row = row;
            _reader = reader;
            _action = new float[policy.ActionSize];
            _outputs = new float[policy._model.OutputWidth];
            _state = policy._model.CreateState(1);
            if (policy.IsStateful && row.Schema.GetColumnOrNull(policy.EpisodeColumnName) is { } episode)
            {
                if (episode.Type != NumberDataViewType.Int32)
                    throw new ArgumentOutOfRangeException(policy.EpisodeColumnName,
                        $"Episode column '{policy.EpisodeColumnName}' must be Int32 to start episodes of a stateful policy; it is {episode.Type}.");
                _episode = row.GetGetter<int>(episode);
            }
        }

        public (float[] Action, float[] Outputs) Update()
        {
            if (_row.Position == _position)
                return (_action, _outputs);
            _policy.ThrowIfDisposed();
            if (_policy.IsStateful && _position >= 0 && _row.Position != _position + 1)
                throw new InvalidOperationException(
                    $"A stateful policy must see every row in order: row {_row.Position} follows row {_position}. Read each row's action (or another output) in turn.");
            var observation = _reader.Read();
            if (observation.Length != _policy.ObservationSize)
                throw new ArgumentOutOfRangeException(_policy.InputColumnName,
                    $"Column '{_policy.InputColumnName}', row {_row.Position}: {observation.Length} values; the policy reads {_policy.ObservationSize}.");
            _policy.RequireFinite(observation, _row.Position);
            if (_episode is not null)
            {
                var episode = 0;
                _episode(ref episode);
                if (_currentEpisode != episode)
                {
                    _state.ResetAll();
                    _currentEpisode = episode;
                }
            }
            if (_policy.IsSampling)
            {
                var random = SplitMix64.ForStream(_policy.Seed, (ulong)_row.Position);
                _policy._model.Act(observation, 1, _action, _outputs, _state, [], new Span<SplitMix64>(ref random));
            }
            else
            {
                _policy._model.Act(observation, 1, _action, _outputs, _state, [], []);
            }
            _position = _row.Position;
            return (_action, _outputs);
        }
    }
}
