using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The memory of a recurrent Q-network as one interface: a step maps x_t [B, I] and the state [B, …StateShape] to
/// h_t [B, H] and the next state; a sequence runs the steps, clearing a sequence's state where an episode starts.
/// </summary>
internal abstract class SequenceCore : nn.Module
{
    private protected SequenceCore(string name) : base(name)
    {
    }

    /// <summary>H.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>The state of one sequence ([H, I] for M, [H] for a GRU, [2H] for an LSTM, [0] for none).</summary>
    public abstract long[] StateShape { get; }

    /// <summary>Floats of state per sequence.</summary>
    public long StateSize => StateShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>One step.</summary>
    public abstract (Tensor Hidden, Tensor State) Step(Tensor input, Tensor state);

    /// <summary>The state at an episode start for <paramref name="batch"/> sequences (zeros).</summary>
    public Tensor InitialState(long batch) => zeros([batch, .. StateShape]);

    /// <summary>Runs a sequence [T, B, I] from <paramref name="state"/>; where keep[t, b] is 0 the state of b is cleared before step t.</summary>
    public virtual (Tensor Hidden, Tensor State) Run(Tensor inputs, Tensor state, Tensor? keep)
    {
        var steps = inputs.shape[0];
        var batch = inputs.shape[1];
        var shape = new long[StateShape.Length + 1];
        shape[0] = batch;
        Array.Fill(shape, 1L, 1, StateShape.Length);
        var hidden = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            if (keep is not null && StateSize > 0)
                state = state * keep[t].view(shape);
            (hidden[t], state) = Step(inputs[t], state);
        }
        return (stack(hidden), state);
    }
}
