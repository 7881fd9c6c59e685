using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Environments;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using Synaptic.ML.Transforms;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A trained policy as an ML.NET transformer. It reads the observation column and appends
/// (names in <see cref="Columns"/>) <c>Action</c> (an <see cref="int"/> for discrete actions, a <see cref="float"/> vector for continuous ones,
/// ready for the environment), <c>ActionProbabilities</c> (discrete: softmax over the actions) or
/// <c>ActionMean</c> (continuous: the Gaussian mean before clipping), and <c>Value</c> (the critic's state
/// value, when the policy has a critic). It works on episode <see cref="IDataView"/>s, serves
/// <c>PredictionEngine</c>, and saves and loads with <c>mlContext.Model</c>; <see cref="Act(ReadOnlySpan{float}, Span{float})"/>
/// is the fast path for control loops.
/// </summary>
/// <remarks>
/// Actions are deterministic (the most probable action, or the mean) unless the transformer was made with
/// <see cref="WithSampling"/>; sampled actions are a pure function of the seed and the row position, so a
/// re-read of the same view gives the same actions.
/// </remarks>
public sealed class PolicyTransformer : AppendedColumnsTransformer, ISynapticModel<PolicyTransformer>
{
    private readonly ActorCritic _network;
    private readonly float[] _logStd;
    private readonly object _gate;

    internal PolicyTransformer(IHostEnvironment env, string observationColumnName, PolicyColumnNames columns, ActorCritic network, TrainingHistory? history,
        bool sampling = false, ulong seed = 0, object? gate = null)
        : base(env, nameof(PolicyTransformer), observationColumnName)
    {
        columns.Validate();
        Columns = columns;
        _network = network;
        _gate = gate ?? new object();
        TrainingHistory = history;
        IsSampling = sampling;
        Seed = seed;
        _network.eval();
        _logStd = network.LogStd is { } logStd ? logStd.detach().data<float>().ToArray() : [];
    }

    /// <summary>Names of the appended columns.</summary>
    public PolicyColumnNames Columns { get; }

    /// <summary>The action distribution (categorical or Gaussian).</summary>
    public ActionHead Head => _network.Head;

    /// <summary>Whether actions are continuous vectors.</summary>
    public bool IsContinuous => Head.IsContinuous;

    /// <summary>Floats per observation.</summary>
    public int ObservationSize => _network.Architecture.ObservationSize;

    /// <summary>Whether the policy has a critic and so a <c>Value</c> column.</summary>
    public bool HasValue => _network.HasCritic;

    /// <summary>The actor network's description.</summary>
    public PolicyNetworkOptions Network => _network.Architecture.Network;

    /// <summary>Whether actions are sampled rather than deterministic.</summary>
    public bool IsSampling { get; }

    /// <summary>Seed of sampled actions.</summary>
    public ulong Seed { get; }

    /// <summary>The training history, when the policy came from a trainer (it is saved with the model).</summary>
    public TrainingHistory? TrainingHistory { get; }

    /// <summary>The Gaussian standard deviations of a continuous policy (empty for discrete ones).</summary>
    public IReadOnlyList<float> ActionStd => _logStd.Select(MathF.Exp).ToArray();

    /// <inheritdoc/>
    public static ModelFormat ModelFormat { get; } = new("SNPOLICY", 0x00010001, 0x00010001, "SynapticPolicy");

    internal ActorCritic Module => _network;

    /// <summary>A copy that samples actions from the distribution, seeded.</summary>
    /// <param name="seed">Seed of the draws.</param>
    /// <returns>The sampling policy (it shares this one's network).</returns>
    public PolicyTransformer WithSampling(ulong seed) => new(Host, InputColumnName, Columns, _network, TrainingHistory, true, seed, _gate);

    /// <summary>The deterministic action for one observation (no allocation beyond TorchSharp's own).</summary>
    /// <param name="observation">The observation, <see cref="ObservationSize"/> floats.</param>
    /// <param name="action">Destination of the environment action.</param>
    /// <exception cref="ArgumentException">Wrong sizes, or a NaN in the observation.</exception>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        CheckAct(observation, action);
        Span<float> parameters = stackalloc float[Head.ParameterCount];
        Span<float> raw = stackalloc float[Head.ActionSize];
        Evaluate(observation, parameters, out _);
        Head.Mode(parameters, raw);
        Head.ToEnvironmentAction(raw, action);
    }

    /// <summary>An action drawn from the policy's distribution.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="action">Destination of the environment action.</param>
    /// <param name="random">The generator the draw advances.</param>
    public void Act(ReadOnlySpan<float> observation, Span<float> action, ref SplitMix64 random)
    {
        CheckAct(observation, action);
        Span<float> parameters = stackalloc float[Head.ParameterCount];
        Span<float> raw = stackalloc float[Head.ActionSize];
        Evaluate(observation, parameters, out _);
        Head.Sample(parameters, _logStd, raw, ref random);
        Head.ToEnvironmentAction(raw, action);
    }

    /// <summary>The deterministic action for one observation (allocates the result).</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>The environment action.</returns>
    public float[] Act(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var action = new float[Head.ActionSize];
        Act(observation, action);
        return action;
    }

    /// <summary>Deterministic actions for a batch of observations, computed in one network call.</summary>
    /// <param name="observations">B observations back to back, B·<see cref="ObservationSize"/> floats.</param>
    /// <param name="actions">Destination of the B environment actions.</param>
    /// <exception cref="ArgumentException">The sizes do not fit, or an observation holds a non-finite value.</exception>
    public void ActBatch(ReadOnlySpan<float> observations, Span<float> actions)
    {
        if (observations.Length == 0 || observations.Length % ObservationSize != 0)
            throw new ArgumentException($"The batch has {observations.Length} floats, not a positive multiple of the observation size {ObservationSize}.", nameof(observations));
        var batch = observations.Length / ObservationSize;
        if (actions.Length != batch * Head.ActionSize)
            throw new ArgumentException($"The action buffer has {actions.Length} floats; {batch} actions need {batch * Head.ActionSize}.", nameof(actions));
        var bad = observations.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"Observation {bad / ObservationSize}, element {bad % ObservationSize} is {observations[bad]}; a policy needs finite observations.", nameof(observations));
        var p = Head.ParameterCount;
        var parameters = new float[batch * p];
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            _network.ActionParameters(Tensors.Copy(observations, batch, ObservationSize)).data<float>().CopyTo(parameters);
        }
        Span<float> raw = stackalloc float[Head.ActionSize];
        for (var b = 0; b < batch; b++)
        {
            Head.Mode(parameters.AsSpan(b * p, p), raw);
            Head.ToEnvironmentAction(raw, actions.Slice(b * Head.ActionSize, Head.ActionSize));
        }
    }

    /// <summary>The critic's value of one observation.</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>V(observation).</returns>
    /// <exception cref="InvalidOperationException">The policy has no critic.</exception>
    public float Value(ReadOnlySpan<float> observation)
    {
        if (!HasValue)
            throw new InvalidOperationException("This policy has no value network (REINFORCE without a baseline).");
        CheckAct(observation, stackalloc float[Head.ActionSize]);
        Span<float> parameters = stackalloc float[Head.ParameterCount];
        Evaluate(observation, parameters, out var value);
        return value;
    }

    /// <summary>The policy as a <see cref="Policy"/> delegate for rollouts: deterministic, or sampling when made with <see cref="WithSampling"/>.</summary>
    /// <returns>The delegate.</returns>
    public Policy AsPolicy()
    {
        if (!IsSampling)
            return Act;
        var random = SplitMix64.ForStream(Seed, 0xAC7);
        return (observation, action) => Act(observation, action, ref random);
    }

    /// <summary>Runs the network on one observation.</summary>
    internal void Evaluate(ReadOnlySpan<float> observation, Span<float> parameters, out float value)
    {
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = Tensors.Copy(observation, 1, observation.Length);
            var output = _network.ActionParameters(input);
            output.data<float>().CopyTo(parameters);
            value = _network.HasCritic ? _network.Value(input).item<float>() : float.NaN;
        }
    }

    private void CheckAct(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"The observation has {observation.Length} floats; this policy reads {ObservationSize}.", nameof(observation));
        if (action.Length != Head.ActionSize)
            throw new ArgumentException($"The action buffer has {action.Length} floats; this policy writes {Head.ActionSize}.", nameof(action));
        var bad = observation.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new ArgumentException($"Observation element {bad} is {observation[bad]}; a policy needs finite observations.", nameof(observation));
    }

    private protected override IReadOnlyList<DataViewSchema.DetachedColumn> GetOutputColumns(DataViewType inputType)
    {
        var size = InputSize(inputType);
        if (size != ObservationSize)
            throw new ArgumentOutOfRangeException(nameof(inputType),
                $"{ComponentName}: column '{InputColumnName}' has {size} values per row; this policy reads observations of {ObservationSize}.");
        var columns = new List<DataViewSchema.DetachedColumn>
        {
            IsContinuous
                ? new(Columns.Action, new VectorDataViewType(NumberDataViewType.Single, Head.ActionSize))
                : new(Columns.Action, NumberDataViewType.Int32),
            new(IsContinuous ? Columns.ActionMean : Columns.ActionProbabilities, new VectorDataViewType(NumberDataViewType.Single, Head.ParameterCount)),
        };
        if (HasValue)
            columns.Add(new(Columns.Value, NumberDataViewType.Single));
        return columns;
    }

    private protected override Delegate?[] CreateGetters(DataViewRow inputRow, DataViewSchema.Column input, bool[] active)
    {
        var row = new PolicyRow(this, inputRow, CreateDenseReader(inputRow, input));
        var getters = new Delegate?[active.Length];
        if (active[0])
        {
            getters[0] = IsContinuous
                ? (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => row.Copy(row.Update().Action, ref value))
                : (ValueGetter<int>)((ref int value) => value = (int)row.Update().Action[0]);
        }
        if (active[1])
        {
            getters[1] = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
            {
                var current = row.Update();
                if (IsContinuous)
                    row.Copy(current.Parameters, ref value);
                else
                {
                    var editor = VBufferEditor.Create(ref value, current.Parameters.Length);
                    CategoricalHead.Softmax(current.Parameters, editor.Values);
                    value = editor.Commit();
                }
            });
        }
        if (active.Length > 2 && active[2])
            getters[2] = (ValueGetter<float>)((ref float value) => value = row.Update().Value);
        return getters;
    }

    /// <inheritdoc/>
    public void SaveModel(SynapticModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Writer.Write(InputColumnName);
        Columns.Write(writer.Writer);
        writer.Writer.Write(IsSampling);
        writer.Writer.Write(Seed);
        writer.WriteStream("Policy", w =>
        {
            _network.Architecture.Write(w);
            _network.save(w);
        });
        writer.Writer.Write(TrainingHistory is not null);
        if (TrainingHistory is not null)
            writer.WriteStream("TrainingHistory", TrainingHistory.Write);
    }

    /// <inheritdoc/>
    public static PolicyTransformer LoadModel(IHostEnvironment env, SynapticModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var column = reader.Reader.ReadString();
        var columns = PolicyColumnNames.Read(reader.Reader);
        var sampling = reader.Reader.ReadBoolean();
        var seed = reader.Reader.ReadUInt64();
        ActorCritic? network = null;
        reader.ReadStream("Policy", r =>
        {
            var architecture = PolicyArchitecture.Read(r);
            network = architecture.Build(0);
            network.load(r, strict: true);
        });
        TrainingHistory? history = null;
        if (reader.Reader.ReadBoolean())
            reader.ReadStream("TrainingHistory", r => history = TrainingHistory.Read(r));
        return reader.Create(() => new PolicyTransformer(env, column, columns, network!, history, sampling, seed));
    }

    /// <summary>One cursor's evaluation of the current row, shared by its getters.</summary>
    private sealed class PolicyRow(PolicyTransformer policy, DataViewRow row, DenseVectorReader reader)
    {
        private readonly float[] _parameters = new float[policy.Head.ParameterCount];
        private readonly float[] _raw = new float[policy.Head.ActionSize];
        private readonly float[] _action = new float[policy.Head.ActionSize];
        private long _position = -1;
        private float _value;

        public (float[] Action, float[] Parameters, float Value) Update()
        {
            if (row.Position != _position)
            {
                var observation = reader.Read();
                if (observation.Length != policy.ObservationSize)
                    throw new ArgumentOutOfRangeException(policy.InputColumnName,
                        $"Column '{policy.InputColumnName}', row {row.Position}: {observation.Length} values; the policy reads {policy.ObservationSize}.");
                policy.RequireFinite(observation, row.Position);
                policy.Evaluate(observation, _parameters, out _value);
                if (policy.IsSampling)
                {
                    var random = SplitMix64.ForStream(policy.Seed, (ulong)row.Position);
                    policy.Head.Sample(_parameters, policy._logStd, _raw, ref random);
                }
                else
                {
                    policy.Head.Mode(_parameters, _raw);
                }
                policy.Head.ToEnvironmentAction(_raw, _action);
                _position = row.Position;
            }
            return (_action, _parameters, _value);
        }

        public void Copy(float[] source, ref VBuffer<float> value)
        {
            var editor = VBufferEditor.Create(ref value, source.Length);
            source.CopyTo(editor.Values);
            value = editor.Commit();
        }
    }
}
