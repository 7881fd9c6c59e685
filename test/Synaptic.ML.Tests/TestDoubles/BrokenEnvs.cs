using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>
/// A small correct environment (a random walk on [-1, 1] that ends at either edge or after 50
/// steps) with switches that break one rule each, so that every checker message can be provoked.
/// </summary>
internal sealed class WalkEnv : Env
{
    private float _position;
    private int _steps;

    public WalkEnv()
        : base("Walk-v0")
    {
    }

    public override Space ObservationSpace { get; } = new BoxSpace(-1f, 1f, 2);

    public override Space ActionSpace { get; } = new BoxSpace(-1f, 1f, 1);

    /// <summary>Reports observations of 2 (outside [-1, 1]) from the third step on.</summary>
    public bool LeavesSpace { get; init; }

    /// <summary>Draws the starting position from a process-wide generator instead of the seeded one.</summary>
    public bool UnseededReset { get; init; }

    /// <summary>Adds unseeded noise to each step.</summary>
    public bool UnseededStep { get; init; }

    /// <summary>Returns a NaN reward on the second step.</summary>
    public bool NaNReward { get; init; }

    /// <summary>Never writes element 1 of the reset observation.</summary>
    public bool ForgetsElement { get; init; }

    /// <summary>Throws from OnStep on the fourth step.</summary>
    public bool ThrowsOnStep { get; init; }

    /// <summary>Throws a non-NotSupported exception from Render.</summary>
    public bool RenderCrashes { get; init; }

    public bool Renders { get; init; }

    public override Frame Render() =>
        RenderCrashes ? throw new IndexOutOfRangeException("the canvas is not initialised")
        : Renders ? new Frame(4, 2, new byte[24])
        : base.Render();

    protected override void OnReset(Span<float> observation, int? seed)
    {
        _steps = 0;
        _position = UnseededReset ? System.Random.Shared.NextSingle() - 0.5f : Random.NextSingle() - 0.5f;
        observation[0] = _position;
        if (!ForgetsElement)
            observation[1] = 0;
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        _steps++;
        if (ThrowsOnStep && _steps == 4)
            throw new InvalidCastException("the motor is jammed");
        _position = Math.Clamp(_position + 0.2f * action[0] + (UnseededStep ? System.Random.Shared.NextSingle() * 0.01f : 0f), -1f, 1f);
        observation[0] = LeavesSpace && _steps >= 3 ? 2f : _position;
        observation[1] = _steps / 50f;
        var terminated = Math.Abs(_position) >= 1f;
        return new StepOutcome(NaNReward && _steps == 2 ? double.NaN : -Math.Abs(_position), terminated, !terminated && _steps >= 50);
    }
}

/// <summary>A Discrete(3) lookalike whose sampling ignores its own bounds.</summary>
internal sealed class SloppySpace : Space
{
    public override int Size => 1;

    public override void Sample(Span<float> value, ref SplitMix64 random) => value[0] = 3 + random.NextInt(2);

    protected override string? Why(ReadOnlySpan<float> value) => value[0] is >= 0 and <= 2 && value[0] == MathF.Floor(value[0]) ? null : $"{value[0]} is not in [0, 2]";

    public override string ToString() => "Sloppy(3)";
}

/// <summary>An environment with a correct observation space but a broken action space.</summary>
internal sealed class SloppyActionsEnv() : Env("SloppyActions-v0")
{
    public override Space ObservationSpace { get; } = new DiscreteSpace(2);

    public override Space ActionSpace { get; } = new SloppySpace();

    protected override void OnReset(Span<float> observation, int? seed) => observation[0] = 0;

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        observation[0] = 1;
        return new StepOutcome(0, true, false);
    }
}

/// <summary>An environment that forgot to define its observation space.</summary>
internal sealed class NoSpaceEnv() : Env("NoSpace-v0")
{
    public override Space ObservationSpace => null!;

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed)
    {
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation) => default;
}
