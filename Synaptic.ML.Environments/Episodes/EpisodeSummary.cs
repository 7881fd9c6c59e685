namespace Synaptic.ML.Environments;

/// <summary>One episode of episode data: its return and length and how it ended.</summary>
/// <param name="Episode">Episode index.</param>
/// <param name="Return">Sum of rewards.</param>
/// <param name="Length">Number of steps.</param>
/// <param name="Terminated">The last step terminated the task.</param>
/// <param name="Truncated">The last step was cut short (time limit).</param>
public sealed record EpisodeSummary(int Episode, double Return, int Length, bool Terminated, bool Truncated);
