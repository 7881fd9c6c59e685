namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// What <see cref="RecordEpisodeStatistics"/> puts in <c>Info["episode"]</c> when an episode ends:
/// Gymnasium's <c>{"r": return, "l": length, "t": time}</c>.
/// </summary>
/// <param name="Return">Sum of the episode's rewards (Gymnasium's <c>r</c>).</param>
/// <param name="Length">Number of steps (Gymnasium's <c>l</c>).</param>
/// <param name="Time">Seconds from the reset to the last step, rounded to microseconds (Gymnasium's <c>t</c>).</param>
public sealed record EpisodeStatistics(double Return, int Length, double Time);
