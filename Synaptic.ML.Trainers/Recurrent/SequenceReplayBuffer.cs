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

    /// <summary>
    /// Fills <paramref name="batch"/> with segments drawn uniformly over the stored transitions (with replacement):
    /// each starts at the drawn transition, or with <paramref name="fromEpisodeStart"/> at the first stored step of
    /// the drawn transition's episode (episodes are then drawn in proportion to their length).
    /// </summary>
    public void Sample(SequenceBatch batch, ref SplitMix64 random, bool fromEpisodeStart = false)
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
            _rings[ring].Cut(fromEpisodeStart ? _rings[ring].EpisodeStart(pick) : pick, batch, b);
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

    /// <summary>One environment's transitions in order: a <see cref="ReplayBuffer"/>, and where each stands in its episode.</summary>
    private sealed class Ring(int capacity, int observationSize)
    {
        private readonly ReplayBuffer _transitions = new(capacity, observationSize);
        private readonly bool[] _ends = new bool[capacity];
        private readonly int[] _stepInEpisode = new int[capacity];
        private int _episodeStep;

        public int Count => _transitions.Count;

        public void Add(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool endsEpisode)
        {
            var slot = _transitions.NextSlot;
            _transitions.Add(observation, action, reward, nextObservation, terminated);
            _ends[slot] = endsEpisode;
            _stepInEpisode[slot] = _episodeStep;
            _episodeStep = endsEpisode ? 0 : _episodeStep + 1;
        }

        /// <summary>Slot of the <paramref name="age"/>-th oldest transition.</summary>
        private int At(int age) => (Count < capacity ? age : _transitions.NextSlot + age) % capacity;

        /// <summary>The age of the first stored step of the episode of the <paramref name="age"/>-th oldest transition.</summary>
        public int EpisodeStart(int age) => age - Math.Min(_stepInEpisode[At(age)], age);

        /// <summary>Writes the segment starting at the <paramref name="start"/>-th oldest transition into row <paramref name="row"/> of the batch.</summary>
        public void Cut(int start, SequenceBatch batch, int row)
        {
            // Burn-in: earlier steps of the same episode that are still stored, up to the batch's burn-in.
            var burnIn = Math.Min(batch.BurnIn, Math.Min(_stepInEpisode[At(start)], start));
            var first = batch.BurnIn - burnIn;
            batch.StartsEpisode(first, row);
            for (var m = 0; m < burnIn; m++)
                batch.SetInput(first + m, row, _transitions.ObservationAt(At(start - burnIn + m)));
            var length = 0;
            while (length < batch.Length && start + length < Count)
            {
                var slot = At(start + length);
                var (action, reward, terminated) = _transitions.TransitionAt(slot);
                batch.SetInput(batch.BurnIn + length, row, _transitions.ObservationAt(slot));
                batch.SetTransition(length, row, action, reward, terminated);
                length++;
                if (_ends[slot])
                    break;
            }
            // The next observation of the last transition closes the segment (the target network reads it).
            batch.SetInput(batch.BurnIn + length, row, _transitions.NextObservationAt(At(start + length - 1)));
        }

        public void Write(BinaryWriter writer)
        {
            _transitions.Write(writer);
            writer.Write(_episodeStep);
            for (var i = 0; i < Count; i++)
            {
                writer.Write(_ends[i]);
                writer.Write(_stepInEpisode[i]);
            }
        }

        public void Read(BinaryReader reader)
        {
            _transitions.Read(reader);
            _episodeStep = reader.ReadInt32();
            if (_episodeStep < 0)
                throw new InvalidDataException($"The checkpoint's sequence replay says the current episode is at step {_episodeStep}.");
            for (var i = 0; i < Count; i++)
            {
                _ends[i] = reader.ReadBoolean();
                _stepInEpisode[i] = reader.ReadInt32();
            }
        }
    }
}
