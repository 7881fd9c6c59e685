namespace Synaptic.ML.Environments.ClassicControl;

/// <summary>
/// Base of the classic-control environments: a physical state of doubles (Gymnasium's
/// <c>env.unwrapped.state</c>, same layout) that each step advances and from which the float32
/// observation is derived.
/// </summary>
/// <remarks>
/// <see cref="State"/> can be read and written between steps, e.g. to start an episode from a
/// recorded state: call <c>Reset</c>, then set <see cref="State"/>; the next step starts from it.
/// <see cref="WriteObservation"/> gives the observation of the current state.
/// </remarks>
public abstract class ClassicControlEnv : Env
{
    private readonly double[] _state;
    private readonly string _layout;
    private bool _hasState;

    /// <summary>Creates the environment.</summary>
    /// <param name="id">Versioned id, e.g. "CartPole-v1".</param>
    /// <param name="stateNames">Names of the state's elements, in Gymnasium's order.</param>
    protected ClassicControlEnv(string id, params string[] stateNames)
        : base(id)
    {
        ArgumentNullException.ThrowIfNull(stateNames);
        ArgumentOutOfRangeException.ThrowIfZero(stateNames.Length);
        _state = new double[stateNames.Length];
        _layout = string.Join(", ", stateNames);
    }

    /// <summary>
    /// A copy of the physical state, laid out as Gymnasium's <c>env.unwrapped.state</c>; setting it
    /// replaces the state the next step starts from (the values are taken as given).
    /// </summary>
    /// <exception cref="InvalidOperationException">Read before the first <c>Reset</c> or assignment.</exception>
    /// <exception cref="ArgumentException">The assigned array has the wrong length.</exception>
    public double[] State
    {
        get
        {
            EnsureState();
            return (double[])_state.Clone();
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length != _state.Length)
                throw new ArgumentException($"{Id}'s state has {_state.Length} values [{_layout}]; got {value.Length}.", nameof(value));
            value.CopyTo(_state, 0);
            _hasState = true;
        }
    }

    /// <summary>Number of values in <see cref="State"/>.</summary>
    public int StateSize => _state.Length;

    /// <summary>Writes the observation of the current <see cref="State"/>, as the environment's steps do.</summary>
    /// <param name="observation">Destination of <see cref="Space.Size"/> floats of <see cref="Env.ObservationSpace"/>.</param>
    /// <exception cref="ArgumentException">The buffer has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">There is no state yet: call <c>Reset</c> first.</exception>
    public void WriteObservation(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Size)
            throw new ArgumentException($"The observation buffer has {observation.Length} floats; {Id}'s observations have {ObservationSpace.Size}.", nameof(observation));
        EnsureState();
        Observe(_state, observation);
    }

    /// <summary>Renders the current state as Gymnasium's <c>rgb_array</c> mode does.</summary>
    /// <returns>The frame.</returns>
    /// <exception cref="InvalidOperationException">There is no state yet: call <c>Reset</c> first.</exception>
    public sealed override Frame Render()
    {
        EnsureState();
        return Draw(_state);
    }

    /// <summary>Draws the initial state of an episode from <see cref="Env.Random"/>.</summary>
    /// <param name="state">The state to overwrite.</param>
    protected abstract void SampleInitialState(Span<double> state);

    /// <summary>Advances <paramref name="state"/> by one step under a validated action.</summary>
    /// <param name="action">An element of <see cref="Env.ActionSpace"/>.</param>
    /// <param name="state">The state, updated in place.</param>
    /// <returns>Reward and termination (never truncation: the time limit is a wrapper's job).</returns>
    protected abstract StepOutcome Advance(ReadOnlySpan<float> action, Span<double> state);

    /// <summary>Writes the float32 observation of <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="observation">Destination of the observation.</param>
    protected abstract void Observe(ReadOnlySpan<double> state, Span<float> observation);

    /// <summary>Draws <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>The frame.</returns>
    protected abstract Frame Draw(ReadOnlySpan<double> state);

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        SampleInitialState(_state);
        _hasState = true;
        Observe(_state, observation);
    }

    /// <inheritdoc />
    protected sealed override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = Advance(action, _state);
        Observe(_state, observation);
        return outcome;
    }

    /// <summary>Writes <see cref="State"/> (all of a classic-control environment's physics); subclasses add what else they keep.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_hasState);
        writer.Write(_state.Length);
        foreach (var value in _state)
            writer.Write(value);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    /// <exception cref="InvalidDataException">The saved state has another number of values.</exception>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        var hasState = reader.ReadBoolean();
        var count = reader.ReadInt32();
        if (count != _state.Length)
            throw new InvalidDataException($"The saved state of {Id} has {count} physical values; {Id}'s state has {_state.Length} [{_layout}].");
        for (var i = 0; i < _state.Length; i++)
            _state[i] = reader.ReadDouble();
        _hasState = hasState;
    }

    private void EnsureState()
    {
        if (!_hasState)
            throw new InvalidOperationException($"{Id} has no state yet; call Reset first.");
    }
}
