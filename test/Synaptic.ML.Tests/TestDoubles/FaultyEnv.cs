using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>CartPole-sized observations that turn NaN at step <see cref="BadStep"/> of every episode from the third started on.</summary>
internal sealed class FaultyEnv() : Env("Faulty-v0")
{
    private static int _resets;
    private int _episode;
    private int _t;

    public const int BadStep = 7;

    public override Space ObservationSpace { get; } = new BoxSpace(-10, 10, 4);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    public static void Restart() => _resets = 0;

    protected override void OnReset(Span<float> observation, int? seed)
    {
        _episode = _resets++;
        _t = 0;
        observation.Clear();
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        _t++;
        observation.Fill(_episode >= 2 && _t == BadStep ? float.NaN : 0.1f * _t);
        return new StepOutcome(1, _t >= 20, false);
    }
}
