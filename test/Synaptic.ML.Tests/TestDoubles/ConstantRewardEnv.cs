using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>
/// A task that never ends by itself: one observation (always 1), two actions, reward 1 on every step. Under a time
/// limit its episodes are only ever truncated, so a learner that bootstraps through truncation finds
/// Q(s, a) = 1 / (1 − γ) for both actions.
/// </summary>
internal sealed class ConstantRewardEnv() : Env("ConstantReward-v0")
{
    public override Space ObservationSpace { get; } = new BoxSpace(0, 1, 1);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed) => observation.Fill(1);

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        observation.Fill(1);
        return new StepOutcome(1, false, false);
    }
}
