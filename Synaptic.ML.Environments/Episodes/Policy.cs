namespace Synaptic.ML.Environments;

/// <summary>
/// Chooses an action for an observation, writing it into <paramref name="action"/> (allocation-free).
/// </summary>
/// <param name="observation">The current observation.</param>
/// <param name="action">Destination of the action (the action space's size).</param>
public delegate void Policy(ReadOnlySpan<float> observation, Span<float> action);
