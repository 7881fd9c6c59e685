namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Base of wrappers, as Gymnasium's <c>Wrapper</c>: each changes one thing about the environment it
/// wraps and forwards the rest (spaces, reset with its seed, step, info, rendering).
/// </summary>
/// <remarks>
/// Saving a wrapper (<see cref="Env.SaveState"/>) saves its own generator and flags, then the whole
/// wrapped environment (its own generator included: each level has one), then the wrapper's fields.
/// A wrapper class must declare <see cref="WriteState"/> and <see cref="ReadState"/>, calling the
/// base first, even when it keeps no state of its own.
/// </remarks>
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

    /// <summary>Writes the wrapped environment's whole state (<see cref="Env.SaveState"/> of <see cref="Inner"/>); subclasses then write their own fields.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        Inner.SaveState(writer);
    }

    /// <summary>Reads the wrapped environment's state (<see cref="Env.LoadState"/> of <see cref="Inner"/>); subclasses then read their own fields.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        Inner.LoadState(reader);
    }
}
