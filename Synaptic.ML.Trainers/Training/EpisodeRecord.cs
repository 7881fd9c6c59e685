namespace Synaptic.ML.Trainers;

/// <summary>One finished training episode.</summary>
/// <param name="Episode">Index of the episode, from 0, in order of completion.</param>
/// <param name="Return">Undiscounted sum of rewards.</param>
/// <param name="Length">Number of steps.</param>
/// <param name="EnvironmentSteps">Environment steps taken by the trainer when it ended (all sub-environments).</param>
/// <param name="WallSeconds">Training time when it ended, in seconds.</param>
/// <param name="Update">Number of policy updates made before it ended.</param>
public sealed record EpisodeRecord(int Episode, double Return, int Length, long EnvironmentSteps, double WallSeconds, int Update);
