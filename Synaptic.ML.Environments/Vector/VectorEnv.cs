namespace Synaptic.ML.Environments.Vector;

/// <summary>
/// N copies of an environment stepped as one, as Gymnasium's <c>VectorEnv</c>, with batched results
/// in contiguous arrays that the vector environment owns and overwrites on every call:
/// <see cref="Observations"/> [N·obsSize], <see cref="Rewards"/>, <see cref="Terminated"/> and
/// <see cref="Truncated"/> [N]. Finished sub-environments restart by themselves as
/// <see cref="AutoresetMode"/> says. Implementations: <see cref="SyncVectorEnv"/> (calling thread)
/// and <see cref="ParallelVectorEnv"/> (fixed worker threads).
/// </summary>
/// <remarks>
/// <para>
/// <c>Reset(seed)</c> resets sub-environment i with seed + i (Gymnasium's convention), or all
/// without a seed. <c>Step</c> takes the actions of all sub-environments, [N·actSize] floats, and
/// allocates nothing unless a sub-environment ending an episode has a non-empty info to keep.
/// </para>
/// <para>
/// Row i of <see cref="FinalObservations"/> and entry i of <see cref="FinalInfos"/> hold the last
/// observation and info of sub-environment i's episode when <c>Terminated[i] || Truncated[i]</c>
/// after a step, in both modes (in <see cref="AutoresetMode.NextStep"/> the observation equals its
/// <see cref="Observations"/> row); other rows are stale. <see cref="AutoReset"/> marks the
/// sub-environments that the last step restarted.
/// </para>
/// <para>
/// <see cref="SaveState"/> and <see cref="LoadState"/> checkpoint the sub-environments and the
/// batch arrays, so that a run resumed from a checkpoint steps on exactly as the uninterrupted one.
/// </para>
/// <para>
/// Both implementations behave alike after <see cref="Dispose()"/>: it disposes the sub-environments
/// that are <see cref="IDisposable"/> (and stops a parallel one's worker threads), a second call does
/// nothing, and <see cref="Reset"/>, <c>Step</c>, <see cref="SaveState"/> and <see cref="LoadState"/>
/// throw <see cref="ObjectDisposedException"/>. The batch arrays stay readable.
/// </para>
/// </remarks>
public abstract class VectorEnv : IDisposable
{
    // Sync and parallel vector environments step alike, so their saved states carry one name and load into each other.
    private const string StateId = "VectorEnv";
    private static readonly string StateTypeName = typeof(VectorEnv).FullName!;

    private readonly Env[] _envs;
    private readonly float[] _actions;
    private readonly bool[] _pendingReset;
    private readonly Dictionary<string, object>[] _finalInfos;
    private int? _resetSeed;
    private bool _resetting;
    private bool _started;
    private int _disposed;

    private protected VectorEnv(Func<Env> factory, int numEnvs, AutoresetMode autoresetMode)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        if (!Enum.IsDefined(autoresetMode))
            throw new ArgumentOutOfRangeException(nameof(autoresetMode), autoresetMode, "Unknown autoreset mode.");
        _envs = new Env[numEnvs];
        for (var i = 0; i < numEnvs; i++)
        {
            var env = factory() ?? throw new ArgumentException($"The factory returned null for sub-environment {i}.", nameof(factory));
            if (Array.IndexOf(_envs, env, 0, i) is var same and >= 0)
                throw new ArgumentException($"The factory returned the same instance for sub-environments {same} and {i}; each needs its own.", nameof(factory));
            if (i > 0)
                CheckSameSpaces(_envs[0], env, i);
            _envs[i] = env;
        }
        AutoresetMode = autoresetMode;
        ObservationSize = _envs[0].ObservationSpace.Size;
        ActionSize = _envs[0].ActionSpace.Size;
        Observations = new float[numEnvs * ObservationSize];
        FinalObservations = new float[numEnvs * ObservationSize];
        Rewards = new double[numEnvs];
        Terminated = new bool[numEnvs];
        Truncated = new bool[numEnvs];
        AutoReset = new bool[numEnvs];
        _pendingReset = new bool[numEnvs];
        _actions = new float[numEnvs * ActionSize];
        _finalInfos = new Dictionary<string, object>[numEnvs];
        for (var i = 0; i < numEnvs; i++)
            _finalInfos[i] = [];
    }

    /// <summary>Number of sub-environments N.</summary>
    public int NumEnvs => _envs.Length;

    /// <summary>The sub-environments, for their <see cref="Env.Info"/> and rendering; step them only through this object.</summary>
    public IReadOnlyList<Env> Envs => _envs;

    /// <summary>Observation space of one sub-environment.</summary>
    public Space SingleObservationSpace => _envs[0].ObservationSpace;

    /// <summary>Action space of one sub-environment.</summary>
    public Space SingleActionSpace => _envs[0].ActionSpace;

    /// <summary>Floats per observation of one sub-environment.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action of one sub-environment.</summary>
    public int ActionSize { get; }

    /// <summary>How finished sub-environments restart.</summary>
    public AutoresetMode AutoresetMode { get; }

    /// <summary>Current observations, row i = sub-environment i: [N·<see cref="ObservationSize"/>].</summary>
    public float[] Observations { get; }

    /// <summary>Last observations of the episodes that ended at the last step, [N·<see cref="ObservationSize"/>]; see the remarks.</summary>
    public float[] FinalObservations { get; }

    /// <summary>Last info of each episode that ended at the last step; see the remarks.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object>> FinalInfos => _finalInfos;

    /// <summary>Rewards of the last step, [N].</summary>
    public double[] Rewards { get; }

    /// <summary>Terminated flags of the last step, [N].</summary>
    public bool[] Terminated { get; }

    /// <summary>Truncated flags of the last step, [N].</summary>
    public bool[] Truncated { get; }

    /// <summary>Which sub-environments the last step restarted (their <see cref="Observations"/> row is a first observation), [N].</summary>
    public bool[] AutoReset { get; }

    /// <summary>Resets every sub-environment, sub-environment i with seed <paramref name="seed"/> + i.</summary>
    /// <param name="seed">Base seed, or null to continue each sub-environment's generator (the first time, seeded at random).</param>
    /// <returns><see cref="Observations"/> (the same array).</returns>
    /// <exception cref="ObjectDisposedException">The vector environment was disposed.</exception>
    public float[] Reset(int? seed = null)
    {
        ThrowIfDisposed();
        _resetSeed = seed;
        _resetting = true;
        Run();
        _started = true;
        return Observations;
    }

    /// <summary>Steps every sub-environment, autoresetting as <see cref="AutoresetMode"/> says; results land in this object's arrays.</summary>
    /// <param name="actions">Row i = action of sub-environment i: [N·<see cref="ActionSize"/>] floats.</param>
    /// <exception cref="InvalidOperationException">Called before <see cref="Reset"/>.</exception>
    /// <exception cref="ArgumentException">Wrong length, or an action outside its space (the message names the sub-environment).</exception>
    /// <exception cref="ObjectDisposedException">The vector environment was disposed.</exception>
    public void Step(ReadOnlySpan<float> actions)
    {
        ThrowIfDisposed();
        CheckStep(actions.Length);
        actions.CopyTo(_actions);
        _resetting = false;
        Run();
    }

    /// <summary>Steps every sub-environment with one integer action each (Discrete action spaces).</summary>
    /// <param name="actions">Action of each sub-environment, [N].</param>
    /// <exception cref="ObjectDisposedException">The vector environment was disposed.</exception>
    public void Step(ReadOnlySpan<int> actions)
    {
        ThrowIfDisposed();
        if (ActionSize != 1)
            throw new ArgumentException($"Integer actions need one-element action spaces; {SingleActionSpace} has {ActionSize} elements.", nameof(actions));
        CheckStep(actions.Length);
        for (var i = 0; i < actions.Length; i++)
            _actions[i] = actions[i];
        _resetting = false;
        Run();
    }

    /// <summary>
    /// Writes everything that decides the next steps: every sub-environment's
    /// <see cref="Env.SaveState"/>, which of them restart at the next step
    /// (<see cref="AutoresetMode.NextStep"/>), whether <see cref="Reset"/> was called, and the batch
    /// arrays (<see cref="Observations"/>, <see cref="FinalObservations"/>, <see cref="Rewards"/>,
    /// <see cref="Terminated"/>, <see cref="Truncated"/>, <see cref="AutoReset"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Call it between steps, from the thread that steps this object. The state of a
    /// <see cref="SyncVectorEnv"/> loads into a <see cref="ParallelVectorEnv"/> and back, since both
    /// step alike. <see cref="FinalInfos"/> hold arbitrary objects and are not saved: they are empty
    /// after loading until an episode ends. If a sub-environment cannot save, nothing is written.
    /// </para>
    /// <code>
    /// using var envs = new SyncVectorEnv(() => EnvRegistry.Make("CartPole-v1"), 8, AutoresetMode.SameStep);
    /// envs.Reset(seed: 1);
    /// // ... steps ...
    /// envs.SaveState(checkpointWriter);
    /// // resuming: a vector environment made the same way
    /// resumed.LoadState(checkpointReader);   // no Reset: the next Step continues the episodes
    /// </code>
    /// </remarks>
    /// <param name="writer">Destination of the state.</param>
    /// <exception cref="NotSupportedException">A sub-environment cannot save its state (see <see cref="Env.SaveState"/>).</exception>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ThrowIfDisposed();
        SavedStateBlock.Write(writer, StateId, StateTypeName, payload =>
        {
            payload.Write(NumEnvs);
            payload.Write(ObservationSize);
            payload.Write(ActionSize);
            payload.Write((int)AutoresetMode);
            payload.Write(_started);
            foreach (var env in _envs)
                env.SaveState(payload);
            for (var i = 0; i < NumEnvs; i++)
            {
                payload.Write(_pendingReset[i]);
                payload.Write(Rewards[i]);
                payload.Write(Terminated[i]);
                payload.Write(Truncated[i]);
                payload.Write(AutoReset[i]);
            }
            foreach (var value in Observations)
                payload.Write(value);
            foreach (var value in FinalObservations)
                payload.Write(value);
        });
    }

    /// <summary>
    /// Restores a state written by <see cref="SaveState"/> of a vector environment made the same way
    /// (same number and kind of sub-environments, same <see cref="AutoresetMode"/>); the next
    /// <see cref="Step(ReadOnlySpan{float})"/> continues exactly as the saved one's would have. Do not
    /// call <see cref="Reset"/> after loading unless a new start is wanted.
    /// </summary>
    /// <remarks>
    /// The number of sub-environments, the sizes and the mode are checked before anything changes. A
    /// failure in a sub-environment may leave this object partly loaded: load a good state or reset.
    /// </remarks>
    /// <param name="reader">Source of the state, positioned where <see cref="SaveState"/> started writing; left just after it.</param>
    /// <exception cref="InvalidDataException">The data is not a vector environment's state, is truncated, or was saved by one with
    /// another number of sub-environments, other sizes, another autoreset mode or other sub-environments (the message names both).</exception>
    /// <exception cref="NotSupportedException">A sub-environment cannot load its state.</exception>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ThrowIfDisposed();
        SavedStateBlock.Read(reader, StateId, StateTypeName, payload =>
        {
            var count = payload.ReadInt32();
            if (count != NumEnvs)
                throw new InvalidDataException($"The saved vector environment has {count} sub-environments; this one has {NumEnvs}.");
            var observationSize = payload.ReadInt32();
            var actionSize = payload.ReadInt32();
            if (observationSize != ObservationSize || actionSize != ActionSize)
                throw new InvalidDataException(
                    $"The saved vector environment's sub-environments have {observationSize}-value observations and {actionSize}-value actions; "
                    + $"this one's have {ObservationSize} and {ActionSize}.");
            var mode = (AutoresetMode)payload.ReadInt32();
            if (mode != AutoresetMode)
                throw new InvalidDataException($"The saved vector environment autoresets {mode}; this one autoresets {AutoresetMode}.");
            var started = payload.ReadBoolean();
            for (var i = 0; i < NumEnvs; i++)
            {
                try
                {
                    _envs[i].LoadState(payload);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"Sub-environment {i}: {e.Message}", e);
                }
            }
            for (var i = 0; i < NumEnvs; i++)
            {
                _pendingReset[i] = payload.ReadBoolean();
                Rewards[i] = payload.ReadDouble();
                Terminated[i] = payload.ReadBoolean();
                Truncated[i] = payload.ReadBoolean();
                AutoReset[i] = payload.ReadBoolean();
                _finalInfos[i].Clear();
            }
            for (var i = 0; i < Observations.Length; i++)
                Observations[i] = payload.ReadSingle();
            for (var i = 0; i < FinalObservations.Length; i++)
                FinalObservations[i] = payload.ReadSingle();
            _started = started;
        });
    }

    /// <summary>Whether <see cref="Dispose()"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Disposes the sub-environments that are <see cref="IDisposable"/> (e.g. recorders) and, for a parallel one, stops its
    /// worker threads. Idempotent; afterwards resetting, stepping, saving and loading throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    private void ThrowIfDisposed()
    {
        if (IsDisposed)
            throw new ObjectDisposedException(GetType().Name, $"This {GetType().Name} of {NumEnvs} × {_envs[0].Id} was disposed; make a new one to step again.");
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        foreach (var env in _envs)
            (env as IDisposable)?.Dispose();
    }

    /// <summary>Runs the pending reset or step on every sub-environment, each through <see cref="RunRange"/>.</summary>
    private protected abstract void Run();

    /// <summary>Runs the pending reset or step on sub-environments [<paramref name="start"/>, <paramref name="end"/>).</summary>
    private protected void RunRange(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (_resetting)
                ResetOne(i);
            else
                StepOne(i);
        }
    }

    private void ResetOne(int i)
    {
        _envs[i].Reset(Observations.AsSpan(i * ObservationSize, ObservationSize), _resetSeed is int s ? unchecked(s + i) : null);
        Rewards[i] = 0;
        Terminated[i] = false;
        Truncated[i] = false;
        AutoReset[i] = false;
        _pendingReset[i] = false;
    }

    private void StepOne(int i)
    {
        var env = _envs[i];
        var observation = Observations.AsSpan(i * ObservationSize, ObservationSize);
        if (_pendingReset[i])
        {
            env.Reset(observation);
            Rewards[i] = 0;
            Terminated[i] = false;
            Truncated[i] = false;
            AutoReset[i] = true;
            _pendingReset[i] = false;
            return;
        }
        StepOutcome outcome;
        try
        {
            outcome = env.Step(_actions.AsSpan(i * ActionSize, ActionSize), observation);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Sub-environment {i}: {e.Message}", "actions", e);
        }
        Rewards[i] = outcome.Reward;
        Terminated[i] = outcome.Terminated;
        Truncated[i] = outcome.Truncated;
        AutoReset[i] = false;
        if (!outcome.Done)
            return;
        observation.CopyTo(FinalObservations.AsSpan(i * ObservationSize, ObservationSize));
        CopyInfo(env.Info, _finalInfos[i]);
        if (AutoresetMode == AutoresetMode.SameStep)
        {
            env.Reset(observation);
            AutoReset[i] = true;
        }
        else
        {
            _pendingReset[i] = true;
        }
    }

    private void CheckStep(int length)
    {
        if (!_started)
            throw new InvalidOperationException("Step was called on the vector environment before Reset; call Reset first.");
        if (length != _actions.Length)
            throw new ArgumentException(
                $"The actions have {length} values; {NumEnvs} sub-environments with {ActionSize}-element actions need {_actions.Length}.", "actions");
    }

    private static void CopyInfo(IReadOnlyDictionary<string, object> source, Dictionary<string, object> target)
    {
        target.Clear();
        if (source.Count == 0)
            return;
        if (source is Dictionary<string, object> dictionary)
        {
            foreach (var entry in dictionary)
                target[entry.Key] = entry.Value;
            return;
        }
        foreach (var entry in source)
            target[entry.Key] = entry.Value;
    }

    private static void CheckSameSpaces(Env first, Env other, int i)
    {
        if (first.ObservationSpace.Size != other.ObservationSpace.Size || first.ObservationSpace.ToString() != other.ObservationSpace.ToString())
            throw new ArgumentException($"Sub-environment {i} observes {other.ObservationSpace}; sub-environment 0 observes {first.ObservationSpace}.", "factory");
        if (first.ActionSpace.Size != other.ActionSpace.Size || first.ActionSpace.ToString() != other.ActionSpace.ToString())
            throw new ArgumentException($"Sub-environment {i} acts in {other.ActionSpace}; sub-environment 0 acts in {first.ActionSpace}.", "factory");
    }
}
