using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>
/// One state (observation 0) and one-step episodes: action 0 pays −1, action 1 pays +2, and every step terminates,
/// so an episode's return names the action taken and a TD target is the reward alone.
/// </summary>
internal sealed class TwoArmedBanditEnv() : Env("TwoArmedBandit-v0")
{
    public override Space ObservationSpace { get; } = new DiscreteSpace(1);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed) => observation[0] = 0;

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        observation[0] = 0;
        return new StepOutcome(action[0] == 1 ? 2 : -1, true, false);
    }
}
