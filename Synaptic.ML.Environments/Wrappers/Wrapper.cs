namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Base of wrappers, as Gymnasium's <c>Wrapper</c>: each changes one thing about the environment it
/// wraps and forwards the rest (spaces, reset with its seed, step, info, rendering).
/// </summary>
public abstract class Wrapper : Env
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The environment to wrap.</param>
    protected Wrapper(Env inner)
        : base((inner ?? throw new ArgumentNullException(nameof(inner))).Id)
    {
        Inner = inner;
        Spec = inner.Spec;
    }

    /// <summary>The wrapped environment.</summary>
    public Env Inner { get; }

    /// <inheritdoc />
    public override Space ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object> Info => Inner.Info;

    /// <inheritdoc />
    public override Env Unwrapped => Inner.Unwrapped;

    /// <inheritdoc />
    public override Frame Render() => Inner.Render();

    /// <inheritdoc />
    public override string? RenderText() => Inner.RenderText();

    /// <inheritdoc />
    protected override void OnReset(Span<float> observation, int? seed) => Inner.Reset(observation, seed);

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation) => Inner.Step(action, observation);
}
