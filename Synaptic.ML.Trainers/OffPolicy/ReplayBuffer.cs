using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The experience replay of the off-policy trainers (Lin, 1992; Mnih et al., 2015): a ring of the latest
/// <see cref="Capacity"/> transitions (s, a, r, s′, terminated), sampled uniformly in minibatches. An episode cut
/// short by a time limit is stored with the observation it ended in as s′ and terminated false, so the target
/// bootstraps from it (Stable-Baselines3's <c>handle_timeout_termination</c>); only a true termination stops the
/// bootstrap.
/// </summary>
internal sealed class ReplayBuffer : IReplayMemory
{
    private readonly float[] _observations;
    private readonly float[] _nextObservations;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;
    private int _next;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="capacity">Transitions kept; the oldest is overwritten when full.</param>
    /// <param name="observationSize">Floats per observation.</param>
    public ReplayBuffer(int capacity, int observationSize)
    {
        if (capacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A replay buffer needs room for at least one transition.");
        if ((long)capacity * observationSize > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"A replay buffer of {capacity:N0} transitions of {observationSize} floats would need {(long)capacity * observationSize:N0} floats per array, more than one array holds.");
        Capacity = capacity;
        ObservationSize = observationSize;
        _observations = new float[capacity * observationSize];
        _nextObservations = new float[capacity * observationSize];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _terminated = new bool[capacity];
    }

    /// <summary>Transitions the buffer holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Transitions held now.</summary>
    public int Count { get; private set; }

    /// <summary>Stores one transition (overwriting the oldest when full).</summary>
    /// <param name="observation">s.</param>
    /// <param name="action">a, the action's index from 0.</param>
    /// <param name="reward">r.</param>
    /// <param name="nextObservation">s′ (the final observation when the episode ended).</param>
    /// <param name="terminated">Whether s′ is terminal (no bootstrap).</param>
    public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated)
    {
        var n = ObservationSize;
        observation.CopyTo(_observations.AsSpan(_next * n, n));
        nextObservation.CopyTo(_nextObservations.AsSpan(_next * n, n));
        _actions[_next] = action;
        _rewards[_next] = reward;
        _terminated[_next] = terminated;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>The slot the next <see cref="Add"/> writes (the oldest transition's once the buffer is full).</summary>
    internal int NextSlot => _next;

    /// <summary>s of the transition in <paramref name="slot"/>.</summary>
    internal ReadOnlySpan<float> ObservationAt(int slot) => _observations.AsSpan(slot * ObservationSize, ObservationSize);

    /// <summary>s′ of the transition in <paramref name="slot"/>.</summary>
    internal ReadOnlySpan<float> NextObservationAt(int slot) => _nextObservations.AsSpan(slot * ObservationSize, ObservationSize);

    /// <summary>a, r and whether s′ is terminal, of the transition in <paramref name="slot"/>.</summary>
    internal (int Action, float Reward, bool Terminated) TransitionAt(int slot) => (_actions[slot], _rewards[slot], _terminated[slot]);

    /// <inheritdoc/>
    void IReplayMemory.Add(int environment, ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated,
        bool endsEpisode) => Add(observation, action, reward, nextObservation, terminated);

    /// <summary>Draws <paramref name="batch"/> transitions uniformly with replacement into the given arrays.</summary>
    /// <param name="batch">Transitions to draw.</param>
    /// <param name="random">The generator (advanced).</param>
    /// <param name="observations">batch·<see cref="ObservationSize"/> floats.</param>
    /// <param name="actions">batch action indices.</param>
    /// <param name="rewards">batch rewards.</param>
    /// <param name="nextObservations">batch·<see cref="ObservationSize"/> floats.</param>
    /// <param name="notTerminated">batch values, 1 where the target bootstraps and 0 where s′ is terminal.</param>
    public void Sample(int batch, ref SplitMix64 random, Span<float> observations, Span<long> actions, Span<float> rewards,
        Span<float> nextObservations, Span<float> notTerminated)
    {
        if (Count == 0)
            throw new InvalidOperationException("The replay buffer is empty.");
        var n = ObservationSize;
        for (var b = 0; b < batch; b++)
        {
            var i = random.NextInt(Count);
            _observations.AsSpan(i * n, n).CopyTo(observations.Slice(b * n, n));
            _nextObservations.AsSpan(i * n, n).CopyTo(nextObservations.Slice(b * n, n));
            actions[b] = _actions[i];
            rewards[b] = _rewards[i];
            notTerminated[b] = _terminated[i] ? 0f : 1f;
        }
    }

    /// <summary>Writes the contents (for checkpoints).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Capacity);
        writer.Write(ObservationSize);
        writer.Write(Count);
        writer.Write(_next);
        var n = ObservationSize;
        for (var i = 0; i < Count; i++)
        {
            foreach (var v in _observations.AsSpan(i * n, n))
                writer.Write(v);
            foreach (var v in _nextObservations.AsSpan(i * n, n))
                writer.Write(v);
            writer.Write(_actions[i]);
            writer.Write(_rewards[i]);
            writer.Write(_terminated[i]);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this buffer, which must have the same capacity and observation size.</summary>
    public void Read(BinaryReader reader)
    {
        var capacity = reader.ReadInt32();
        var size = reader.ReadInt32();
        if (capacity != Capacity || size != ObservationSize)
            throw new InvalidDataException($"The checkpoint's replay buffer holds {capacity} transitions of {size} floats; this one {Capacity} of {ObservationSize}.");
        var count = reader.ReadInt32();
        var next = reader.ReadInt32();
        if (count < 0 || count > capacity || next < 0 || next >= capacity)
            throw new InvalidDataException($"The checkpoint's replay buffer says it holds {count} transitions, next slot {next}, in {capacity}.");
        Count = count;
        _next = next;
        var n = ObservationSize;
        for (var i = 0; i < Count; i++)
        {
            for (var j = 0; j < n; j++)
                _observations[i * n + j] = reader.ReadSingle();
            for (var j = 0; j < n; j++)
                _nextObservations[i * n + j] = reader.ReadSingle();
            _actions[i] = reader.ReadInt32();
            _rewards[i] = reader.ReadSingle();
            _terminated[i] = reader.ReadBoolean();
        }
    }
}
