using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The replay of a Q-network with memory (sequence replay, as R2D2: Kapturowski et al., 2019): each
/// sub-environment's transitions in a ring of their own, in the order they happened, each knowing its step within
/// its episode, so that episode segments can be cut out. A segment starts at a transition drawn uniformly, runs for up
/// to <see cref="SequenceBatch.Length"/> transitions of the same episode, and is preceded by up to
/// <see cref="SequenceBatch.BurnIn"/> earlier transitions of that episode that rebuild the memory (R2D2's burn-in)
/// from zero — from the episode's true start whenever it lies within the burn-in.
/// </summary>
/// <remarks>An episode cut short by a time limit keeps its final observation as s′ with terminated false (the target
/// bootstraps from it), as <see cref="ReplayBuffer"/>.</remarks>
internal sealed class SequenceReplayBuffer : IReplayMemory
{
    private readonly Ring[] _rings;

    public SequenceReplayBuffer(int capacity, int environments, int observationSize)
    {
        if (capacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A replay buffer needs room for at least one transition.");
        if (environments <= 0)
            throw new ArgumentOutOfRangeException(nameof(environments), environments, "Sequence replay needs at least one environment.");
        var each = (capacity + environments - 1) / environments;
        if ((long)each * observationSize > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity,
                $"A replay of {each:N0} transitions of {observationSize} floats per environment would need more floats than one array holds.");
        ObservationSize = observationSize;
        _rings = new Ring[environments];
        for (var i = 0; i < environments; i++)
            _rings[i] = new Ring(each, observationSize);
        Capacity = each * environments;
    }

    /// <inheritdoc/>
    public int Capacity { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <inheritdoc/>
    public int Count => _rings.Sum(r => r.Count);

    /// <inheritdoc/>
    public void Add(int environment, ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool endsEpisode)
    {
        if ((uint)environment >= (uint)_rings.Length)
            throw new ArgumentOutOfRangeException(nameof(environment), environment, $"The replay keeps {_rings.Length} environments' sequences.");
        _rings[environment].Add(observation, action, reward, nextObservation, terminated, endsEpisode);
    }

    /// <summary>Fills <paramref name="batch"/> with segments drawn uniformly over the stored transitions (with replacement).</summary>
    public void Sample(SequenceBatch batch, ref SplitMix64 random)
    {
        var total = Count;
        if (total == 0)
            throw new InvalidOperationException("The replay buffer is empty.");
        batch.Clear();
        for (var b = 0; b < batch.Size; b++)
        {
            var pick = random.NextInt(total);
            var ring = 0;
            while (pick >= _rings[ring].Count)
                pick -= _rings[ring++].Count;
            _rings[ring].Cut(pick, batch, b);
        }
    }

    /// <inheritdoc/>
    public void Write(BinaryWriter writer)
    {
        writer.Write(_rings.Length);
        writer.Write(ObservationSize);
        foreach (var ring in _rings)
            ring.Write(writer);
    }

    /// <inheritdoc/>
    public void Read(BinaryReader reader)
    {
        var rings = reader.ReadInt32();
        var size = reader.ReadInt32();
        if (rings != _rings.Length || size != ObservationSize)
            throw new InvalidDataException($"The checkpoint's sequence replay holds {rings} environments of {size}-float observations; this one {_rings.Length} of {ObservationSize}.");
        foreach (var ring in _rings)
            ring.Read(reader);
    }

    /// <summary>One environment's transitions in order.</summary>
    private sealed class Ring(int capacity, int observationSize)
    {
        private readonly float[] _observations = new float[capacity * observationSize];
        private readonly float[] _nextObservations = new float[capacity * observationSize];
        private readonly int[] _actions = new int[capacity];
        private readonly float[] _rewards = new float[capacity];
        private readonly bool[] _terminated = new bool[capacity];
        private readonly bool[] _ends = new bool[capacity];
        private readonly int[] _stepInEpisode = new int[capacity];
        private int _next;
        private int _episodeStep;

        public int Count { get; private set; }

        public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool endsEpisode)
        {
            var n = observationSize;
            observation.CopyTo(_observations.AsSpan(_next * n, n));
            nextObservation.CopyTo(_nextObservations.AsSpan(_next * n, n));
            _actions[_next] = action;
            _rewards[_next] = reward;
            _terminated[_next] = terminated;
            _ends[_next] = endsEpisode;
            _stepInEpisode[_next] = _episodeStep;
            _episodeStep = endsEpisode ? 0 : _episodeStep + 1;
            _next = (_next + 1) % capacity;
            Count = Math.Min(Count + 1, capacity);
        }

        /// <summary>Physical index of the <paramref name="age"/>-th oldest transition.</summary>
        private int At(int age) => (Count < capacity ? age : _next + age) % capacity;

        /// <summary>Writes the segment starting at the <paramref name="start"/>-th oldest transition into row <paramref name="row"/> of the batch.</summary>
        public void Cut(int start, SequenceBatch batch, int row)
        {
            var n = observationSize;
            // Burn-in: earlier steps of the same episode that are still stored, up to the batch's burn-in.
            var burnIn = Math.Min(batch.BurnIn, Math.Min(_stepInEpisode[At(start)], start));
            var first = batch.BurnIn - burnIn;
            batch.StartsEpisode(first, row);
            for (var m = 0; m < burnIn; m++)
                batch.SetInput(first + m, row, _observations.AsSpan(At(start - burnIn + m) * n, n));
            var length = 0;
            while (length < batch.Length && start + length < Count)
            {
                var i = At(start + length);
                batch.SetInput(batch.BurnIn + length, row, _observations.AsSpan(i * n, n));
                batch.SetTransition(length, row, _actions[i], _rewards[i], _terminated[i]);
                length++;
                if (_ends[i])
                    break;
            }
            // The next observation of the last transition closes the segment (the target network reads it).
            batch.SetInput(batch.BurnIn + length, row, _nextObservations.AsSpan(At(start + length - 1) * n, n));
        }

        public void Write(BinaryWriter writer)
        {
            writer.Write(capacity);
            writer.Write(Count);
            writer.Write(_next);
            writer.Write(_episodeStep);
            var n = observationSize;
            for (var i = 0; i < Count; i++)
            {
                foreach (var v in _observations.AsSpan(i * n, n))
                    writer.Write(v);
                foreach (var v in _nextObservations.AsSpan(i * n, n))
                    writer.Write(v);
                writer.Write(_actions[i]);
                writer.Write(_rewards[i]);
                writer.Write(_terminated[i]);
                writer.Write(_ends[i]);
                writer.Write(_stepInEpisode[i]);
            }
        }

        public void Read(BinaryReader reader)
        {
            var saved = reader.ReadInt32();
            var count = reader.ReadInt32();
            var next = reader.ReadInt32();
            var episodeStep = reader.ReadInt32();
            if (saved != capacity || count < 0 || count > capacity || next < 0 || next >= capacity || episodeStep < 0)
                throw new InvalidDataException($"The checkpoint's sequence replay ring says capacity {saved}, {count} transitions, next slot {next}; this ring holds {capacity}.");
            Count = count;
            _next = next;
            _episodeStep = episodeStep;
            var n = observationSize;
            for (var i = 0; i < Count; i++)
            {
                for (var j = 0; j < n; j++)
                    _observations[i * n + j] = reader.ReadSingle();
                for (var j = 0; j < n; j++)
                    _nextObservations[i * n + j] = reader.ReadSingle();
                _actions[i] = reader.ReadInt32();
                _rewards[i] = reader.ReadSingle();
                _terminated[i] = reader.ReadBoolean();
                _ends[i] = reader.ReadBoolean();
                _stepInEpisode[i] = reader.ReadInt32();
            }
        }
    }
}
