using Synaptic.ML.Environments;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>
/// Episodes of exactly <c>length</c> steps in which a step pays 1 for action 1 and 0 for action 0, so a return
/// counts the rewarded actions (0 to <c>length</c>) and an episode's length says which environment played it.
/// Observations: the fraction of the episode elapsed, in every one of <c>observationSize</c> elements.
/// </summary>
internal sealed class RewardedActionEnv(int length, int observationSize = 4) : Env("RewardedAction-v0")
{
    private int _t;

    public override Space ObservationSpace { get; } = new BoxSpace(0, 1, observationSize);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed)
    {
        _t = 0;
        observation.Clear();
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        _t++;
        observation.Fill((float)_t / length);
        return new StepOutcome(action[0] == 1 ? 1 : 0, _t >= length, false);
    }

    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(_t);
    }

    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        _t = reader.ReadInt32();
    }
}
