namespace Synaptic.ML.Trainers;

/// <summary>What the off-policy loop stores experience in: transitions one at a time, and checkpoints of the contents.</summary>
internal interface IReplayMemory
{
    /// <summary>Transitions kept at most.</summary>
    int Capacity { get; }

    /// <summary>Transitions held now.</summary>
    int Count { get; }

    /// <summary>Stores one transition of sub-environment <paramref name="environment"/>.</summary>
    /// <param name="environment">The sub-environment it came from (sequence memories keep each one's episodes in order).</param>
    /// <param name="observation">s.</param>
    /// <param name="action">a, the action's index from 0.</param>
    /// <param name="reward">r.</param>
    /// <param name="nextObservation">s′ (the final observation when the episode ended).</param>
    /// <param name="terminated">Whether s′ is terminal (no bootstrap).</param>
    /// <param name="endsEpisode">Whether the episode ended with this transition (terminated or truncated).</param>
    void Add(int environment, ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool endsEpisode);

    /// <summary>Writes the contents (for checkpoints).</summary>
    void Write(BinaryWriter writer);

    /// <summary>Reads what <see cref="Write"/> wrote into a memory of the same shape.</summary>
    void Read(BinaryReader reader);
}
