using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// Base of tabular environments whose dynamics are a full transition table, as Gymnasium's toy-text
/// environments: <see cref="TransitionTable"/> lists for every state <c>s</c> and action <c>a</c> the
/// possible outcomes <c>P[s][a]</c>; <c>Reset</c> draws the state from
/// <see cref="InitialStateDistribution"/> and <c>Step</c> draws one outcome of <c>P[s][a]</c>, both with
/// Gymnasium's <c>categorical_sample</c> (the first outcome whose cumulative probability exceeds a
/// uniform draw). Observations and actions are <see cref="DiscreteSpace"/> integers.
/// </summary>
/// <remarks>
/// Every reset and step writes Gymnasium's info entry <c>"prob"</c> (the probability of the outcome
/// drawn, 1 on reset) as a boxed <see cref="double"/>; the boxes are made once, so stepping allocates
/// nothing. <see cref="State"/> can be set between steps, e.g. to evaluate a policy from a chosen state.
/// </remarks>
public abstract class DiscreteTransitionEnv : Env
{
    // Loose enough for sums of thirds and other rounded fractions, tight enough to catch a wrong table.
    private const double SumTolerance = 1e-9;
    private static readonly object BoxedOne = 1.0;
    private readonly Transition[][][] _table;
    private readonly object[][][] _boxedProbabilities;
    private readonly double[] _initialStateDistribution;
    private readonly DiscreteSpace _observationSpace;
    private readonly DiscreteSpace _actionSpace;
    private int _state;

    /// <summary>Creates the environment from its transition table, which is copied.</summary>
    /// <param name="id">Versioned id used in messages and the registry.</param>
    /// <param name="transitionTable"><c>P[s][a]</c>: for every state the same positive number of actions, each with at least one outcome.</param>
    /// <param name="initialStateDistribution">Probability of starting in each state; as many entries as states.</param>
    /// <exception cref="ArgumentException">The table is empty or ragged, an outcome leads outside the states or has an invalid
    /// probability, or a distribution does not sum to 1; the message names the state and action.</exception>
    protected DiscreteTransitionEnv(
        string id,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> transitionTable,
        IReadOnlyList<double> initialStateDistribution)
        : base(id)
    {
        ArgumentNullException.ThrowIfNull(transitionTable);
        ArgumentNullException.ThrowIfNull(initialStateDistribution);
        _table = CopyTable(id, transitionTable);
        _initialStateDistribution = CopyInitialDistribution(id, initialStateDistribution, _table.Length);
        _boxedProbabilities = _table.Select(s => s.Select(a => a.Select(t => (object)t.Probability).ToArray()).ToArray()).ToArray();
        _observationSpace = new DiscreteSpace(_table.Length);
        _actionSpace = new DiscreteSpace(_table[0].Length);
        TransitionTable = Array.AsReadOnly(_table.Select(s => (IReadOnlyList<IReadOnlyList<Transition>>)Array.AsReadOnly(
            s.Select(a => (IReadOnlyList<Transition>)Array.AsReadOnly(a)).ToArray())).ToArray());
        InitialStateDistribution = Array.AsReadOnly(_initialStateDistribution);
    }

    /// <summary><c>P[s][a]</c>: the outcomes of action <c>a</c> in state <c>s</c>, in Gymnasium's order.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> TransitionTable { get; }

    /// <summary>Probability of each state being the first of an episode.</summary>
    public IReadOnlyList<double> InitialStateDistribution { get; }

    /// <summary>Number of states, Gymnasium's <c>nS</c>.</summary>
    public int StateCount => _table.Length;

    /// <summary>Number of actions, Gymnasium's <c>nA</c>.</summary>
    public int ActionCount => _actionSpace.N;

    /// <summary>Discrete(<see cref="StateCount"/>).</summary>
    public override DiscreteSpace ObservationSpace => _observationSpace;

    /// <summary>Discrete(<see cref="ActionCount"/>).</summary>
    public override DiscreteSpace ActionSpace => _actionSpace;

    /// <summary>The current state, Gymnasium's <c>s</c>; settable between steps (a reset draws a new one).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state is not in [0, <see cref="StateCount"/>).</exception>
    public int State
    {
        get => _state;
        set
        {
            if ((uint)value >= (uint)StateCount)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"State {value} is not a state of {Id}, whose states are 0 to {StateCount - 1}.");
            _state = value;
        }
    }

    /// <summary>The action of the last step, or null right after a reset (Gymnasium's <c>lastaction</c>, used by the renderers).</summary>
    public int? LastAction { get; private set; }

    /// <summary>Writes environment-specific info entries for <paramref name="state"/> after each reset and step (the base writes <c>"prob"</c>).</summary>
    /// <param name="state">The state just reached.</param>
    protected virtual void WriteStateInfo(int state)
    {
    }

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _state = SampleCategorical(_initialStateDistribution, ref Random);
        LastAction = null;
        observation[0] = _state;
        InfoEntries["prob"] = BoxedOne;
        WriteStateInfo(_state);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var a = (int)action[0];
        var outcomes = _table[_state][a];
        var i = SampleOutcome(outcomes, ref Random);
        InfoEntries["prob"] = _boxedProbabilities[_state][a][i];
        var outcome = outcomes[i];
        _state = outcome.NextState;
        LastAction = a;
        observation[0] = _state;
        WriteStateInfo(_state);
        return new StepOutcome(outcome.Reward, outcome.Terminated, false);
    }

    /// <summary>Writes <see cref="State"/> and <see cref="LastAction"/>; the tables are configuration and are not saved.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_state);
        writer.Write(LastAction ?? -1);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved state or action does not exist in this environment.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var state = reader.ReadInt32();
        var lastAction = reader.ReadInt32();
        if ((uint)state >= (uint)StateCount)
            throw new InvalidDataException($"The saved state of {Id} is in state {state}; this {Id} has states 0 to {StateCount - 1}.");
        if (lastAction < -1 || lastAction >= ActionCount)
            throw new InvalidDataException($"The saved state of {Id} has last action {lastAction}; this {Id} has actions 0 to {ActionCount - 1}.");
        _state = state;
        LastAction = lastAction < 0 ? null : lastAction;
    }

    // Gymnasium's categorical_sample: the index of the first cumulative probability above a uniform
    // draw, or 0 when rounding leaves the total at or below the draw (numpy's argmax of all-false).
    // One draw per call, deterministic rows included, as Gymnasium does.
    private static int SampleCategorical(double[] probabilities, ref SplitMix64 random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (cumulative > u)
                return i;
        }
        return 0;
    }

    private static int SampleOutcome(Transition[] outcomes, ref SplitMix64 random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < outcomes.Length; i++)
        {
            cumulative += outcomes[i].Probability;
            if (cumulative > u)
                return i;
        }
        return 0;
    }

    private static Transition[][][] CopyTable(string id, IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> table)
    {
        if (table.Count == 0)
            throw new ArgumentException($"The transition table of {id} has no states.", nameof(table));
        var states = table.Count;
        var actions = table[0]?.Count ?? 0;
        if (actions == 0)
            throw new ArgumentException($"The transition table of {id} has no actions in state 0.", nameof(table));
        var copy = new Transition[states][][];
        for (var s = 0; s < states; s++)
        {
            var row = table[s] ?? throw new ArgumentException($"The transition table of {id} has no entry for state {s}.", nameof(table));
            if (row.Count != actions)
                throw new ArgumentException($"State {s} of {id} has {row.Count} actions; state 0 has {actions}.", nameof(table));
            copy[s] = new Transition[actions][];
            for (var a = 0; a < actions; a++)
            {
                var outcomes = row[a]?.ToArray() ?? [];
                if (outcomes.Length == 0)
                    throw new ArgumentException($"Action {a} in state {s} of {id} has no outcomes.", nameof(table));
                var total = 0.0;
                foreach (var t in outcomes)
                {
                    if (!double.IsFinite(t.Probability) || t.Probability < 0 || t.Probability > 1)
                        throw new ArgumentException($"An outcome of action {a} in state {s} of {id} has probability {t.Probability}; probabilities lie in [0, 1].", nameof(table));
                    if ((uint)t.NextState >= (uint)states)
                        throw new ArgumentException($"An outcome of action {a} in state {s} of {id} leads to state {t.NextState}; states are 0 to {states - 1}.", nameof(table));
                    if (!double.IsFinite(t.Reward))
                        throw new ArgumentException($"An outcome of action {a} in state {s} of {id} has reward {t.Reward}; rewards must be finite.", nameof(table));
                    total += t.Probability;
                }
                if (Math.Abs(total - 1) > SumTolerance)
                    throw new ArgumentException($"The outcomes of action {a} in state {s} of {id} have probabilities summing to {total}, not 1.", nameof(table));
                copy[s][a] = outcomes;
            }
        }
        return copy;
    }

    private static double[] CopyInitialDistribution(string id, IReadOnlyList<double> distribution, int states)
    {
        if (distribution.Count != states)
            throw new ArgumentException($"The initial state distribution of {id} has {distribution.Count} entries; {id} has {states} states.", nameof(distribution));
        var copy = distribution.ToArray();
        for (var s = 0; s < copy.Length; s++)
        {
            if (!double.IsFinite(copy[s]) || copy[s] < 0 || copy[s] > 1)
                throw new ArgumentException($"The initial probability of state {s} of {id} is {copy[s]}; probabilities lie in [0, 1].", nameof(distribution));
        }
        var total = copy.Sum();
        if (Math.Abs(total - 1) > SumTolerance)
            throw new ArgumentException($"The initial state distribution of {id} sums to {total}, not 1.", nameof(distribution));
        return copy;
    }
}
