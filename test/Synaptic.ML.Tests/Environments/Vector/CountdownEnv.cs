using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.Environments.Vector;

/// <summary>
/// A deterministic test environment whose episodes last <c>length</c> steps. Observation:
/// [episode number (1 for the first reset), step in episode, a draw in [0, 1000) from the seeded
/// generator made at reset]. Action: Discrete(3). Reward: 10·step + action. Ends by termination,
/// or by truncation when asked. Allocation-free.
/// </summary>
internal sealed class CountdownEnv(int length, bool truncate = false) : Env("Countdown-v0")
{
    private float _draw;

    public override Space ObservationSpace { get; } = new BoxSpace([0f, 0f, 0f], [1e6f, 1e6f, 1000f]);

    public override Space ActionSpace { get; } = new DiscreteSpace(3);

    public int Episodes { get; private set; }

    public int StepCalls { get; private set; }

    public int StepInEpisode { get; private set; }

    protected override void OnReset(Span<float> observation, int? seed)
    {
        Episodes++;
        StepInEpisode = 0;
        _draw = Random.NextInt(1000);
        Write(observation);
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        StepCalls++;
        StepInEpisode++;
        Write(observation);
        var ended = StepInEpisode >= length;
        return new StepOutcome(10 * StepInEpisode + action[0], ended && !truncate, ended && truncate);
    }

    private void Write(Span<float> observation)
    {
        observation[0] = Episodes;
        observation[1] = StepInEpisode;
        observation[2] = _draw;
    }
}
