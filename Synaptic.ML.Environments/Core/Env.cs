using System.Reflection;
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
/// <para>
/// <see cref="SaveState"/> and <see cref="LoadState"/> capture and restore everything that decides
/// the environment's future (generator, episode flags, the subclass's fields through
/// <see cref="WriteState"/> and <see cref="ReadState"/>), so a run resumed from a checkpoint continues
/// bit for bit as the uninterrupted one.
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

    /// <summary>
    /// Writes everything that decides this environment's future: its generator, whether it was seeded,
    /// whether an episode is running, and the fields of its class (and, for a wrapper, the whole
    /// environment it wraps) through <see cref="WriteState"/>. <see cref="LoadState"/> on an instance
    /// made the same way then continues exactly as this one would, across episode ends and unseeded resets.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The data is framed with a format version, <see cref="Id"/> and the type name, so that loading
    /// it into another kind of environment fails. Configuration given to the constructor (map, gravity,
    /// wrapper parameters, <see cref="Spec"/>) is not saved: load into an instance made the same way.
    /// <see cref="Info"/> is not saved either; it is empty after loading until the next reset or step.
    /// </para>
    /// <para>
    /// If the environment cannot save (see <see cref="WriteState"/>), nothing is written to
    /// <paramref name="writer"/>.
    /// </para>
    /// <code>
    /// using var file = File.Create("env.bin");
    /// env.SaveState(new BinaryWriter(file));
    /// // later, in another process:
    /// var resumed = EnvRegistry.Make("CartPole-v1");
    /// resumed.LoadState(new BinaryReader(File.OpenRead("env.bin")));
    /// </code>
    /// </remarks>
    /// <param name="writer">Destination of the state.</param>
    /// <exception cref="NotSupportedException">This environment's class (or one it wraps) does not declare <see cref="WriteState"/> and
    /// <see cref="ReadState"/>, or holds something that cannot be saved (e.g. <see cref="Wrappers.RecordGif"/>'s open file).</exception>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        RequireStateHooks();
        SavedStateBlock.Write(writer, Id, StateTypeName, payload =>
        {
            payload.Write(_random.State);
            payload.Write(_seeded);
            payload.Write(_needsReset);
            payload.Write(_ended);
            WriteState(payload);
        });
    }

    /// <summary>
    /// Restores a state written by <see cref="SaveState"/> of an environment with the same
    /// <see cref="Id"/> and type, made the same way; the next reset or step continues exactly as the
    /// saved environment's would have.
    /// </summary>
    /// <remarks>
    /// Malformed data is detected before anything changes where possible (truncation, other id or type,
    /// other version). A failure found while the fields are read (e.g. a wrapper's statistics of another
    /// size) may leave the environment partly loaded: load a good state or reset before using it.
    /// </remarks>
    /// <param name="reader">Source of the state, positioned where <see cref="SaveState"/> started writing; left just after it.</param>
    /// <exception cref="InvalidDataException">The data was saved by another environment id or type, or with another
    /// format version, is truncated (a bare <see cref="EndOfStreamException"/> never escapes; it is the inner exception),
    /// or does not fit this instance (the message names what differs).</exception>
    /// <exception cref="NotSupportedException">As for <see cref="SaveState"/>.</exception>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        RequireStateHooks();
        var random = default(SplitMix64);
        bool seeded = false, needsReset = true, ended = false;
        SavedStateBlock.Read(reader, Id, StateTypeName, payload =>
        {
            random = new SplitMix64(payload.ReadUInt64());
            seeded = payload.ReadBoolean();
            needsReset = payload.ReadBoolean();
            ended = payload.ReadBoolean();
            ReadState(payload);
        });
        _random = random;
        _seeded = seeded;
        _needsReset = needsReset;
        _ended = ended;
        _info.Clear();
    }

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

    /// <summary>
    /// Writes the fields this class adds that decide the environment's future observations, rewards
    /// and episode ends (the base class has already written the generator and the episode flags).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every concrete environment class must declare both this and <see cref="ReadState"/>, even one
    /// that adds no field (then it only calls the base): a class that inherits them would otherwise save
    /// its base's fields and silently lose its own, so <see cref="SaveState"/> and
    /// <see cref="LoadState"/> refuse it with a <see cref="NotSupportedException"/>.
    /// </para>
    /// <para>
    /// Call the base first, then write; <see cref="ReadState"/> reads the same values in the same
    /// order (a mismatch is reported when loading). Throw <see cref="NotSupportedException"/> with the
    /// reason if the class holds something that cannot be saved.
    /// </para>
    /// </remarks>
    /// <param name="writer">Destination, a buffer of this environment's saved state.</param>
    protected virtual void WriteState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote, in the same order, and restores the fields.</summary>
    /// <remarks>Call the base first. Throw <see cref="InvalidDataException"/> naming both values when the data does not fit this instance.</remarks>
    /// <param name="reader">Source, exactly this environment's saved state.</param>
    protected virtual void ReadState(BinaryReader reader)
    {
    }

    private string StateTypeName => GetType().FullName ?? GetType().Name;

    private void RequireStateHooks()
    {
        var type = GetType();
        if (Declares(type, nameof(WriteState), typeof(BinaryWriter)) && Declares(type, nameof(ReadState), typeof(BinaryReader)))
            return;
        throw new NotSupportedException(
            $"{Id} ({type.FullName}) cannot save or load its state: {type.Name} must override {nameof(WriteState)}(BinaryWriter) and "
            + $"{nameof(ReadState)}(BinaryReader) to write and read every field that decides its future (calling the base first; "
            + "override them even if it adds no field, to say so).");

        static bool Declares(Type type, string name, Type parameter) =>
            type.GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic, [parameter])?.DeclaringType == type;
    }

    private void CheckObservationBuffer(Span<float> observation)
    {
        if (observation.Length != ObservationSpace.Size)
            throw new ArgumentException($"The observation buffer has {observation.Length} floats; {Id}'s observations have {ObservationSpace.Size}.", nameof(observation));
    }
}
