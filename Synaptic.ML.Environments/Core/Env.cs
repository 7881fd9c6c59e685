using Synaptic.ML.Randomness;

namespace Synaptic.ML.Environments;

/// <summary>
/// An environment with Gymnasium's contract: <see cref="Reset(int?)"/> starts an episode and
/// returns the first observation, <see cref="Step(ReadOnlySpan{float})"/> applies an action and
/// returns observation, reward, terminated and truncated; <see cref="ObservationSpace"/> and
/// <see cref="ActionSpace"/> say what values are valid; <see cref="Info"/> holds the diagnostics of
/// the last call. Observations and actions are flat <see cref="float"/> vectors (see <see cref="Space"/>).
/// </summary>
/// <remarks>
/// <para>
/// The span overloads write into caller-owned buffers and allocate nothing, for training loops and
/// vector environments; the array overloads allocate, for convenience.
/// </para>
/// <para>
/// Seeding follows Gymnasium: <c>Reset(seed)</c> reseeds the environment's generator, a later
/// <c>Reset()</c> continues its stream, and the first reset without a seed draws one at random.
/// The base class validates every action against <see cref="ActionSpace"/> and refuses a step
/// before the first reset or after the episode ended.
/// </para>
/// </remarks>
public abstract class Env
{
    private readonly Dictionary<string, object> _info = [];
    private SplitMix64 _random;
    private bool _seeded;
    private bool _needsReset = true;
    private bool _ended;

    /// <summary>Creates the environment.</summary>
    /// <param name="id">Versioned id used in messages and the registry.</param>
    protected Env(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    /// <summary>Versioned id, e.g. "CartPole-v1".</summary>
    public string Id { get; }

    /// <summary>The registration this instance was made from, if it came from the registry.</summary>
    public EnvSpec? Spec { get; internal set; }

    /// <summary>Valid observations.</summary>
    public abstract Space ObservationSpace { get; }

    /// <summary>Valid actions.</summary>
    public abstract Space ActionSpace { get; }

    /// <summary>Diagnostics of the last <c>Reset</c> or <c>Step</c> (Gymnasium's info dict); read-only view, reused.</summary>
    public virtual IReadOnlyDictionary<string, object> Info => _info;

    /// <summary>The innermost environment under any wrappers.</summary>
    public virtual Env Unwrapped => this;

    /// <summary>True before the first reset and after an episode ended.</summary>
    public bool NeedsReset => _needsReset;

    /// <summary>The environment's generator (Gymnasium's <c>np_random</c>).</summary>
    protected ref SplitMix64 Random => ref _random;

    /// <summary>Info entries written by the current reset or step; cleared before each.</summary>
    protected Dictionary<string, object> InfoEntries => _info;

    /// <summary>Starts an episode, writing the first observation into <paramref name="observation"/>.</summary>
    /// <param name="observation">Destination of <see cref="Space.Size"/> floats of <see cref="ObservationSpace"/>.</param>
    /// <param name="seed">Reseeds the generator when given.</param>
    public void Reset(Span<float> observation, int? seed = null)
    {
        CheckObservationBuffer(observation);
        if (seed is int s)
            Seed(s);
        else if (!_seeded)
            Seed(System.Random.Shared.Next());
        _info.Clear();
        OnReset(observation, seed);
        _needsReset = false;
        _ended = false;
    }

    /// <summary>Starts an episode and returns the first observation (allocates).</summary>
    /// <param name="seed">Reseeds the generator when given.</param>
    /// <returns>The first observation.</returns>
    public float[] Reset(int? seed = null)
    {
        var observation = new float[ObservationSpace.Size];
        Reset(observation, seed);
        return observation;
    }

    /// <summary>Applies <paramref name="action"/>, writing the next observation into <paramref name="observation"/>.</summary>
    /// <param name="action">An element of <see cref="ActionSpace"/>.</param>
    /// <param name="observation">Destination of the next observation.</param>
    /// <returns>Reward and end-of-episode flags.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The action is not in <see cref="ActionSpace"/> (wrong length, NaN, out of range).</exception>
    /// <exception cref="InvalidOperationException">No episode is running: call <c>Reset</c> first.</exception>
    public StepOutcome Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (_needsReset)
            throw new InvalidOperationException(_ended
                ? $"Step was called on {Id} after its episode ended; call Reset to start a new one."
                : $"Step was called on {Id} before Reset; call Reset to start an episode.");
        ActionSpace.Validate(action, "Action", Id);
        CheckObservationBuffer(observation);
        _info.Clear();
        var outcome = OnStep(action, observation);
        if (outcome.Done)
        {
            _needsReset = true;
            _ended = true;
        }
        return outcome;
    }

    /// <summary>Applies <paramref name="action"/> and returns everything as a new <see cref="StepResult"/> (allocates).</summary>
    /// <param name="action">An element of <see cref="ActionSpace"/>.</param>
    /// <returns>Observation, reward, flags and a snapshot of <see cref="Info"/>.</returns>
    public StepResult Step(ReadOnlySpan<float> action)
    {
        var observation = new float[ObservationSpace.Size];
        var outcome = Step(action, observation);
        return new StepResult(observation, outcome.Reward, outcome.Terminated, outcome.Truncated, new Dictionary<string, object>(Info));
    }

    /// <summary>Applies the discrete action <paramref name="action"/> (allocates).</summary>
    /// <param name="action">An integer of a <see cref="DiscreteSpace"/> action space.</param>
    /// <returns>Observation, reward, flags and a snapshot of <see cref="Info"/>.</returns>
    public StepResult Step(int action) => Step([action]);

    /// <summary>Renders the current state as an RGB frame.</summary>
    /// <returns>The frame.</returns>
    /// <exception cref="NotSupportedException">This environment does not render.</exception>
    public virtual Frame Render() => throw new NotSupportedException($"{Id} does not render frames.");

    /// <summary>Renders the current state as text (grid worlds), or returns null when the environment has no text form.</summary>
    /// <returns>The text, or <see langword="null"/>.</returns>
    public virtual string? RenderText() => null;

    /// <summary>Reseeds the generator (what <c>Reset(seed)</c> does first).</summary>
    /// <param name="seed">The seed.</param>
    protected virtual void Seed(int seed)
    {
        _random = SplitMix64.ForStream((ulong)(uint)seed, 0x5EED);
        _seeded = true;
    }

    /// <summary>Starts an episode; the generator is already seeded.</summary>
    /// <param name="observation">Destination of the first observation.</param>
    /// <param name="seed">The seed given to <c>Reset</c>, for wrappers to pass on; plain environments ignore it.</param>
    protected abstract void OnReset(Span<float> observation, int? seed);

    /// <summary>Applies a validated action.</summary>
    /// <param name="action">An element of <see cref="ActionSpace"/>.</param>
    /// <param name="observation">Destination of the next observation.</param>
    /// <returns>Reward and flags.</returns>
    protected abstract StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation);

    private void CheckObservationBuffer(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Size)
            throw new ArgumentException($"The observation buffer has {observation.Length} floats; {Id}'s observations have {ObservationSpace.Size}.", nameof(observation));
    }
}
