using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Tests.Environments.Core;

/// <summary>A custom environment that does not declare the state hooks: it must refuse to save.</summary>
internal sealed class HooklessEnv() : Env("Hookless-v0")
{
    private int _position;

    public override Space ObservationSpace { get; } = new DiscreteSpace(100);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed)
    {
        _position = Random.NextInt(10);
        observation[0] = _position;
    }

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation)
    {
        _position = Math.Min(99, _position + (int)action[0]);
        observation[0] = _position;
        return new StepOutcome(1, _position == 99, false);
    }
}

/// <summary>A subclass of a base that saves (DiscreteTransitionEnv) without declaring hooks of its own.</summary>
internal sealed class HooklessCoin() : DiscreteTransitionEnv(
    "HooklessCoin-v0",
    [[[new Transition(0.5, 0, 0, true), new Transition(0.5, 1, 1, true)]], [[new Transition(1, 1, 0, true)]]],
    [1.0, 0.0]);

/// <summary>A wrapper without hooks of its own.</summary>
internal sealed class HooklessWrapper(Env inner) : Wrapper(inner);

/// <summary>An environment whose ReadState reads fewer or more values than its WriteState writes.</summary>
internal sealed class MiscountedEnv(int valuesRead) : Env("Miscounted-v0")
{
    public override Space ObservationSpace { get; } = new DiscreteSpace(2);

    public override Space ActionSpace { get; } = new DiscreteSpace(2);

    protected override void OnReset(Span<float> observation, int? seed) => observation[0] = 0;

    protected override StepOutcome OnStep(ReadOnlySpan<float> action, Span<float> observation) => new(0, true, false);

    protected override void WriteState(BinaryWriter writer)
    {
        base.WriteState(writer);
        writer.Write(1);
    }

    protected override void ReadState(BinaryReader reader)
    {
        base.ReadState(reader);
        for (var i = 0; i < valuesRead; i++)
            reader.ReadInt32();
    }
}
