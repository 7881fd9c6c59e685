using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.TestDoubles;

/// <summary>
/// A stateful policy model: it counts the steps since its episode started and acts <c>count % 2</c>, appending
/// the count as "StepCount". Its actions are right only when the caller starts episodes where they start.
/// </summary>
internal sealed class StepCounterPolicy(int observationSize) : PolicyModel
{
    public const string KindName = "TestStepCounter";

    static StepCounterPolicy() => PolicyModelReaders.Register(KindName, r => new StepCounterPolicy(r.ReadInt32()));

    /// <summary>Makes sure the reader is registered (the static constructor ran).</summary>
    public static void Register()
    {
    }

    public override int ObservationSize => observationSize;

    public override int ActionSize => 1;

    public override bool IsContinuous => false;

    public override IReadOnlyList<PolicyOutput> Outputs { get; } = [new("StepCount", 1, IsVector: false)];

    public override bool IsStateful => true;

    public override string Kind => KindName;

    public override PolicyState CreateState(int slots) => new Counts(slots);

    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        var counts = (Counts)state;
        for (var b = 0; b < count; b++)
        {
            var slot = slots.IsEmpty ? b : slots[b];
            var step = counts.Steps[slot]++;
            actions[b] = step % 2;
            if (!outputs.IsEmpty)
                outputs[b] = step;
        }
    }

    internal override void Write(BinaryWriter writer) => writer.Write(observationSize);

    private sealed class Counts(int slots) : PolicyState
    {
        public int[] Steps { get; } = new int[slots];

        public override int Slots => Steps.Length;

        public override void Reset(int slot) => Steps[slot] = 0;
    }
}

/// <summary>Pays 1 when the action equals the step index (from 0) modulo 2; episodes last 7 steps, so a policy that counts on across episodes loses.</summary>
internal sealed class AlternateEnv() : Env("Alternate-v0")
{
    private int _t;

    public override Space ObservationSpace { get; } = new BoxSpace(0, 10, 1);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed)
    {
        _t = 0;
        observation[0] = 0;
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        var reward = (int)action[0] == _t % 2 ? 1 : 0;
        _t++;
        observation[0] = _t;
        return new StepOutcome(reward, _t >= 7, false);
    }
}
