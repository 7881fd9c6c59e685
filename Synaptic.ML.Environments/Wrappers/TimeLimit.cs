namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Truncates episodes after <see cref="MaxEpisodeSteps"/> steps, as Gymnasium's <c>TimeLimit</c>
/// (which <c>Make</c> applies from the spec): the step that reaches the limit returns
/// truncated = true, whether or not it also terminated.
/// </summary>
public sealed class TimeLimit : Wrapper
{
    private int _elapsed;

    /// <summary>Wraps <paramref name="inner"/> with a limit of <paramref name="maxEpisodeSteps"/> steps.</summary>
    /// <param name="inner">The environment.</param>
    /// <param name="maxEpisodeSteps">Positive step limit.</param>
    public TimeLimit(Env inner, int maxEpisodeSteps)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The step limit.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _elapsed;

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed)
    {
        _elapsed = 0;
        base.OnReset(observation, seed);
    }

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var outcome = base.OnStep(action, observation);
        _elapsed++;
        return _elapsed >= MaxEpisodeSteps ? outcome with { Truncated = true } : outcome;
    }
}
