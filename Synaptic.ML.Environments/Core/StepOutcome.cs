namespace Synaptic.ML.Environments;

/// <summary>What one step returns besides the observation: Gymnasium's reward, terminated, truncated.</summary>
/// <param name="Reward">The reward (double precision, as Python floats in Gymnasium).</param>
/// <param name="Terminated">The episode reached a terminal state of the task (goal, failure).</param>
/// <param name="Truncated">The episode was cut short from outside the task (e.g. a time limit).</param>
public readonly record struct StepOutcome(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Whether the episode is over either way.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>One step with a freshly allocated observation, for convenience outside hot loops.</summary>
/// <param name="Observation">The observation after the step.</param>
/// <param name="Reward">The reward.</param>
/// <param name="Terminated">The task ended.</param>
/// <param name="Truncated">The episode was cut short.</param>
/// <param name="Info">Auxiliary diagnostics (a snapshot).</param>
public sealed record StepResult(float[] Observation, double Reward, bool Terminated, bool Truncated, IReadOnlyDictionary<string, object> Info);
