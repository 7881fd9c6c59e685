using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A recurrent Q-network as a stateful policy model: each episode carries the network's memory (M of a
/// multi-plasticity layer, the GRU's or LSTM's state), starting from zero; the action is the greedy one and the
/// appended <c>QValues</c> column holds Q(history, ·). Trained by <see cref="RecurrentDqnTrainer"/>.
/// </summary>
public sealed class RecurrentQPolicy : TorchPolicyModel
{
    internal const string KindName = "RecurrentQNetwork";
    private readonly RecurrentQNetwork _network;
    private readonly PolicyOutput[] _outputs;

    private float[] _packed = [];

    internal RecurrentQPolicy(RecurrentQNetwork network, int firstAction)
        : base(network)
    {
        _network = network;
        FirstAction = firstAction;
        _outputs = [new(PolicyOutputRoles.QValues, network.Architecture.Actions)];
        StateSize = (int)network.Core.StateSize;
    }

    /// <summary>The memory's description.</summary>
    public SequenceCoreOptions Core => _network.Architecture.Core;

    /// <summary>Number of actions.</summary>
    public int Actions => _network.Architecture.Actions;

    /// <summary>The environment action of Q-value 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstAction { get; }

    /// <summary>Size of the hidden vector h.</summary>
    public int HiddenSize => _network.Core.HiddenSize;

    /// <summary>Floats of memory per episode (H·I for a multi-plasticity layer's M).</summary>
    public int StateSize { get; }

    internal RecurrentQNetwork Module => _network;

    /// <inheritdoc/>
    public override int ObservationSize => _network.Architecture.ObservationSize;

    /// <inheritdoc/>
    public override int ActionSize => 1;

    /// <inheritdoc/>
    public override bool IsContinuous => false;

    /// <inheritdoc/>
    public override bool IsStateful => StateSize > 0;

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOutput> Outputs => _outputs;

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override PolicyState CreateState(int slots) => StateSize > 0 ? new MemoryState(slots, StateSize) : PolicyState.Stateless;

    /// <inheritdoc/>
    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        var a = Actions;
        Span<float> q = count * a <= 256 ? stackalloc float[count * a] : new float[count * a];
        Step(observations, count, state, slots, q, []);
        QTablePolicy.ActGreedily(q, count, a, FirstAction, actions, outputs);
    }

    /// <summary>
    /// One step of <paramref name="count"/> episodes: Q-values (count·A) and, when asked, the hidden vectors (count·H),
    /// advancing each episode's memory in <paramref name="state"/>.
    /// </summary>
    internal void Step(ReadOnlySpan<float> observations, int count, PolicyState state, ReadOnlySpan<int> slots, Span<float> q, Span<float> hidden)
    {
        var memory = state as MemoryState;
        if (StateSize > 0 && memory is null)
            throw new ArgumentException($"A {Kind} policy needs the state made by its CreateState; it was given {state.GetType().Name}.", nameof(state));
        var size = StateSize;
        lock (Gate)
        {
            // The slots' memories packed side by side, in a buffer kept between calls.
            if (_packed.Length < count * size)
                _packed = new float[count * size];
            var packed = _packed.AsSpan(0, count * size);
            for (var b = 0; b < count && memory is not null; b++)
                memory.Values.AsSpan(Slot(slots, b, memory) * size, size).CopyTo(packed.Slice(b * size, size));
            using var scope = InferenceScope.Enter();
            var input = Tensors.Copy(observations, count, ObservationSize);
            var before = size > 0 ? Tensors.Copy(packed, [count, .. _network.Core.StateShape]) : _network.Core.InitialState(count);
            var (values, h, after) = _network.Step(input, before);
            values.data<float>().CopyTo(q);
            if (!hidden.IsEmpty)
                h.data<float>().CopyTo(hidden);
            if (memory is null)
                return;
            after.contiguous().data<float>().CopyTo(packed);
            for (var b = 0; b < count; b++)
                packed.Slice(b * size, size).CopyTo(memory.Values.AsSpan(Slot(slots, b, memory) * size, size));
        }
    }

    /// <summary>
    /// Runs one greedy episode on <paramref name="env"/> from <c>Reset(seed)</c>, recording at every step the hidden
    /// vector h, the memory after the step (M, flattened row-major, for a multi-plasticity layer; none for other
    /// memories), the action taken, and when asked the frame the action was chosen on: the input of
    /// <see cref="RecurrentStateAnalysis"/>.
    /// </summary>
    /// <param name="env">The environment (with its time limit); its observations must have <see cref="PolicyModel.ObservationSize"/> floats.</param>
    /// <param name="seed">Seed of the episode's reset.</param>
    /// <param name="frames">Whether to render a frame before each action.</param>
    /// <returns>The recorded episode.</returns>
    /// <exception cref="ArgumentException">The environment's observations have another size.</exception>
    public RecordedEpisode RecordEpisode(Environments.Env env, int seed, bool frames = false)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.ObservationSpace.Size != ObservationSize)
            throw new ArgumentException($"{env.Id}'s observations have {env.ObservationSpace.Size} floats; this policy reads {ObservationSize}.", nameof(env));
        var state = CreateState(1);
        var trace = Core is MultiPlasticityOptions ? ((MemoryState)state).Values : null;
        var hidden = new List<float[]>();
        var traces = new List<float[]>();
        var actions = new List<int>();
        var pictures = frames ? new List<Environments.Frame>() : null;
        var q = new float[Actions];
        var observation = env.Reset(seed).ToArray();
        var total = 0.0;
        while (true)
        {
            pictures?.Add(env.Render());
            var h = new float[HiddenSize];
            Step(observation, 1, state, [], q, h);
            hidden.Add(h);
            if (trace is not null)
                traces.Add((float[])trace.Clone());
            var action = QTablePolicy.Greedy(q);
            actions.Add(action);
            var step = env.Step(FirstAction + action);
            total += step.Reward;
            if (step.Terminated || step.Truncated)
                break;
            observation = step.Observation.ToArray();
        }
        var columns = trace is null ? 0 : StateSize / HiddenSize;
        return new RecordedEpisode
        {
            Hidden = [.. hidden],
            Trace = [.. traces],
            TraceRows = trace is null ? 0 : HiddenSize,
            TraceColumns = columns,
            Actions = [.. actions],
            Return = total,
            Frames = pictures,
        };
    }

    private static int Slot(ReadOnlySpan<int> slots, int row, MemoryState state)
    {
        var slot = slots.IsEmpty ? row : slots[row];
        if ((uint)slot >= (uint)state.Slots)
            throw new ArgumentOutOfRangeException(nameof(slots), slot, $"Row {row} asks for slot {slot}; the state has {state.Slots} slots.");
        return slot;
    }

    internal override void Write(BinaryWriter writer)
    {
        _network.Architecture.Write(writer);
        writer.Write(FirstAction);
        _network.save(writer);
    }

    internal static RecurrentQPolicy Read(BinaryReader reader)
    {
        var architecture = RecurrentQNetworkArchitecture.Read(reader);
        var firstAction = reader.ReadInt32();
        var network = architecture.Build(0);
        network.load(reader, strict: true);
        network.eval();
        return new RecurrentQPolicy(network, firstAction);
    }

    /// <summary>The memory of each slot's episode, as floats (zeros at an episode start).</summary>
    internal sealed class MemoryState(int slots, int size) : PolicyState
    {
        public float[] Values { get; } = new float[checked(slots * size)];

        public override int Slots => slots;

        public override void Reset(int slot) => Array.Clear(Values, slot * size, size);

        public override void ResetAll() => Array.Clear(Values);
    }
}
