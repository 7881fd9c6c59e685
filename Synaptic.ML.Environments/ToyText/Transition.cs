namespace Synaptic.ML.Environments.ToyText;

/// <summary>
/// One possible outcome of taking an action in a state of a tabular environment: an entry of
/// Gymnasium's <c>P[s][a]</c> list, <c>(probability, next_state, reward, terminated)</c>.
/// </summary>
/// <param name="Probability">Chance of this outcome, in [0, 1].</param>
/// <param name="NextState">The state the environment moves to.</param>
/// <param name="Reward">The reward received.</param>
/// <param name="Terminated">Whether the episode ends with this outcome.</param>
public readonly record struct Transition(double Probability, int NextState, double Reward, bool Terminated);
