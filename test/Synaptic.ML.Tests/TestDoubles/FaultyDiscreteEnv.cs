using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>A walk over 5 discrete states whose observation turns NaN at step <see cref="BadStep"/> of every episode from the third started on.</summary>
internal sealed class FaultyDiscreteEnv() : Env("FaultyDiscrete-v0")
{
    private static int _resets;
    private int _episode;
    private int _t;

    public const int BadStep = 3;

    public override Space ObservationSpace { get; } = new DiscreteSpace(5);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    public static void Restart() => _resets = 0;

    protected override void OnReset(Span<float> observation, int? seed)
    {
        _episode = _resets++;
        _t = 0;
        observation[0] = 0;
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        _t++;
        observation[0] = _episode >= 2 && _t == BadStep ? float.NaN : _t % 5;
        return new StepOutcome(1, _t >= 6, false);
    }
}
