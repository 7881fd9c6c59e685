namespace Synaptic.ML.Environments.Wrappers;

/// <summary>
/// Lets an agent act in [min, max] (e.g. a policy's [−1, 1]) on an environment with other Box
/// action bounds, as Gymnasium's <c>RescaleAction</c>: element i of an action a is mapped affinely
/// onto the wrapped bounds, a′ = low + (high − low)·(a − min) / (max − min), so min ↦ low and max ↦ high.
/// </summary>
/// <remarks>
/// The result is clamped to [low, high] so that float rounding never pushes it outside the wrapped
/// space. Unlike Gymnasium, unbounded components are refused rather than passed through.
/// Allocation-free per step.
/// </remarks>
public sealed class RescaleAction : Wrapper
{
    private readonly BoxSpace _innerSpace;
    private readonly BoxSpace _actionSpace;
    private readonly float[] _rescaled;

    /// <summary>Wraps <paramref name="env"/> so that every action element ranges over [<paramref name="minAction"/>, <paramref name="maxAction"/>].</summary>
    /// <param name="env">The environment; its action space must be a Box with finite bounds.</param>
    /// <param name="minAction">New lower bound of every element.</param>
    /// <param name="maxAction">New upper bound of every element, greater than <paramref name="minAction"/>.</param>
    public RescaleAction(Env env, float minAction, float maxAction)
        : this(env, Fill(env, minAction), Fill(env, maxAction))
    {
    }

    /// <summary>Wraps <paramref name="env"/> with per-element new bounds.</summary>
    /// <param name="env">The environment; its action space must be a Box with finite bounds.</param>
    /// <param name="minAction">New lower bounds, one per action element.</param>
    /// <param name="maxAction">New upper bounds, each greater than its lower bound.</param>
    /// <exception cref="ArgumentException">The action space is not a finite Box, or the bounds do not fit it.</exception>
    public RescaleAction(Env env, float[] minAction, float[] maxAction)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(minAction);
        ArgumentNullException.ThrowIfNull(maxAction);
        _innerSpace = SpaceRequirements.RequireBox(env.ActionSpace, nameof(RescaleAction), "action", env.Id);
        SpaceRequirements.RequireFinite(_innerSpace, nameof(RescaleAction), "action", env.Id);
        var n = _innerSpace.Size;
        if (minAction.Length != n || maxAction.Length != n)
            throw new ArgumentException(
                $"RescaleAction got {minAction.Length} lower and {maxAction.Length} upper bounds; {env.Id}'s actions have {n} elements.", nameof(minAction));
        for (var i = 0; i < n; i++)
        {
            if (!float.IsFinite(minAction[i]) || !float.IsFinite(maxAction[i]) || !(minAction[i] < maxAction[i]))
                throw new ArgumentException(
                    $"RescaleAction needs finite bounds with min < max; element {i} is [{minAction[i]}, {maxAction[i]}] (the rescaling has no inverse where they are equal).", nameof(minAction));
        }
        _actionSpace = new BoxSpace(minAction, maxAction, (int[])_innerSpace.Shape.Clone());
        _rescaled = new float[n];
    }

    /// <summary>Box(min, max) of the wrapped shape.</summary>
    public override Space ActionSpace => _actionSpace;

    /// <inheritdoc />
    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        ReadOnlySpan<float> low = _innerSpace.Low, high = _innerSpace.High, min = _actionSpace.Low, max = _actionSpace.High;
        for (var i = 0; i < _rescaled.Length; i++)
        {
            var value = low[i] + ((double)high[i] - low[i]) * ((action[i] - (double)min[i]) / ((double)max[i] - min[i]));
            _rescaled[i] = Math.Clamp((float)value, low[i], high[i]);
        }
        return Inner.Step(_rescaled, observation);
    }

    /// <summary>Writes the wrapped environment's state; RescaleAction keeps no state of its own.</summary>
    /// <param name="writer">Destination.</param>
    protected override void WriteState(BinaryWriter writer) => base.WriteState(writer);

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    /// <param name="reader">Source.</param>
    protected override void ReadState(BinaryReader reader) => base.ReadState(reader);

    private static float[] Fill(Env env, float value)
    {
        ArgumentNullException.ThrowIfNull(env);
        return Enumerable.Repeat(value, env.ActionSpace.Size).ToArray();
    }
}
