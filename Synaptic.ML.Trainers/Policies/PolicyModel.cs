using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// What a trained policy computes, whatever learned it: actions (and the model's extra outputs) for a batch of
/// observations, with optional state that lives for one episode. One <see cref="PolicyTransformer"/> wraps any
/// model: an actor-critic network (<see cref="ActorCriticPolicy"/>), and Q-networks, Q-tables, managed spiking
/// agents or networks with Hebbian state as they come.
/// </summary>
/// <remarks>
/// <para>Models are immutable once trained; calls may come from several threads (implementations serialise their
/// own non-thread-safe parts). State is held outside the model, in <see cref="PolicyState"/> objects made by
/// <see cref="CreateState"/>, so one model serves many episodes at once.</para>
/// <para>A network model holds TorchSharp tensors in native memory. The <see cref="PolicyTransformer"/>s that share a
/// model (the one <c>Fit</c> or <c>Load</c> returned and its <see cref="PolicyTransformer.WithSampling"/> copies) release
/// it when the last of them is disposed; <see cref="Dispose()"/> releases it at once, for all of them.</para>
/// </remarks>
public abstract class PolicyModel : IDisposable
{
    private int _users;
    private int _disposed;

    /// <summary>Whether <see cref="Dispose()"/> released the model; a disposed model cannot act.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Releases the model's native memory (a no-op for managed models). Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the model holds; network models dispose their TorchSharp modules.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Throws when the model was disposed, naming it.</summary>
    internal void ThrowIfDisposed()
    {
        if (IsDisposed)
            throw new ObjectDisposedException(GetType().Name, $"This {Kind} policy model was disposed (its policy transformer was disposed); it cannot act any more.");
    }

    /// <summary>A transformer starts sharing the model.</summary>
    internal void AddUser() => Interlocked.Increment(ref _users);

    /// <summary>A transformer sharing the model was disposed; the last one disposes the model.</summary>
    internal void RemoveUser()
    {
        if (Interlocked.Decrement(ref _users) == 0)
            Dispose();
    }

    /// <summary>Floats per observation.</summary>
    public abstract int ObservationSize { get; }

    /// <summary>Floats per environment action (1 for a discrete action, the index).</summary>
    public abstract int ActionSize { get; }

    /// <summary>Whether actions are continuous vectors (a float vector column) rather than indices (an Int32 column).</summary>
    public abstract bool IsContinuous { get; }

    /// <summary>The columns appended after the action, in order.</summary>
    public abstract IReadOnlyList<PolicyOutput> Outputs { get; }

    /// <summary>Floats per row of all <see cref="Outputs"/> together.</summary>
    public int OutputWidth => Outputs.Sum(o => o.Size);

    /// <summary>Whether the model carries state through an episode (then it needs to be told where episodes start).</summary>
    public virtual bool IsStateful => false;

    /// <summary>Whether the model can draw actions from a distribution (deterministic models always act the same).</summary>
    public virtual bool CanSample => false;

    /// <summary>Whether the model computes with TorchSharp (evaluation then runs it on one intra-op thread, where small networks are fastest).</summary>
    internal virtual bool UsesTorch => false;

    /// <summary>The name under which the model's reader is registered (written into saved policies).</summary>
    public abstract string Kind { get; }

    /// <summary>State for <paramref name="slots"/> episodes run side by side, each starting fresh.</summary>
    /// <param name="slots">Number of sequences.</param>
    /// <returns>The state (<see cref="PolicyState.Stateless"/> for models without state).</returns>
    public virtual PolicyState CreateState(int slots) => PolicyState.Stateless;

    /// <summary>
    /// Acts for <paramref name="count"/> observations in one call: deterministic actions (the most probable one,
    /// the mean, the greedy one) when <paramref name="random"/> is empty, otherwise actions drawn with
    /// <paramref name="random"/>[b] for row b (or [0] for all rows when it has one generator).
    /// </summary>
    /// <param name="observations">count·<see cref="ObservationSize"/> floats.</param>
    /// <param name="count">Rows.</param>
    /// <param name="actions">Destination: count·<see cref="ActionSize"/> environment actions.</param>
    /// <param name="outputs">Destination of count·<see cref="OutputWidth"/> floats, or empty to skip computing them.</param>
    /// <param name="state">The episodes' state (<see cref="PolicyState.Stateless"/> for stateless models).</param>
    /// <param name="slots">Row b's slot in <paramref name="state"/> (empty: row b uses slot b).</param>
    /// <param name="random">Generators of sampled actions, or empty for deterministic actions.</param>
    public abstract void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random);

    /// <summary>Writes what <see cref="PolicyModelReaders"/> needs to rebuild the model.</summary>
    /// <param name="writer">The destination.</param>
    internal abstract void Write(BinaryWriter writer);
}
