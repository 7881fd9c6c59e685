namespace Synaptic.ML.Trainers;

/// <summary>
/// Fills a <see cref="RolloutBuffer"/> with the current policy's experience. <see cref="RolloutCollector"/> steps
/// vector environments in this process; a collector on other machines (e.g. Orleans grains stepping
/// environments) implements the same contract, so the on-policy loop does not change when rollouts move.
/// </summary>
internal interface IRolloutCollector
{
    /// <summary>Environment steps taken so far (all sub-environments).</summary>
    long EnvironmentSteps { get; }

    /// <summary>Training episodes finished so far.</summary>
    int EpisodesFinished { get; }

    /// <summary>Starts training: resets every sub-environment from <paramref name="seed"/>.</summary>
    void Start(int seed);

    /// <summary>Collects <paramref name="steps"/> steps of every sub-environment; episodes run on across rollouts.</summary>
    void CollectSteps(RolloutBuffer buffer, int steps, Func<double> wallSeconds, int update);

    /// <summary>Resets every sub-environment and runs each for exactly one whole episode.</summary>
    void CollectEpisodes(RolloutBuffer buffer, int plannedSteps, Func<double> wallSeconds, int update);

    /// <summary>Writes the collector's state (generator, episode bookkeeping, environments) for a checkpoint.</summary>
    void Write(BinaryWriter writer);

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    void Read(BinaryReader reader);
}
