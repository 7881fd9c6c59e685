using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A minibatch of episode segments, time first: inputs [T, B, obs] with T = burn-in + length + 1 (the burn-in steps,
/// the segment's observations, then the next observation of its last transition), a keep mask [T, B] that is 0 where
/// a segment's memory starts from zero, and per segment step [length, B] the action, reward, continuation flag and a
/// mask of the steps that exist (a segment ends early at its episode's end). Managed arrays are reused; tensors are
/// made once and refilled.
/// </summary>
internal sealed class SequenceBatch : IDisposable
{
    public SequenceBatch(int size, int burnIn, int length, int observationSize)
    {
        Size = size;
        BurnIn = burnIn;
        Length = length;
        ObservationSize = observationSize;
        Steps = burnIn + length + 1;
        Inputs = new float[Steps * size * observationSize];
        Keep = new float[Steps * size];
        Actions = new long[length * size];
        Rewards = new float[length * size];
        Continues = new float[length * size];
        Mask = new float[length * size];
    }

    public int Size { get; }

    public int BurnIn { get; }

    public int Length { get; }

    public int ObservationSize { get; }

    /// <summary>T = burn-in + length + 1.</summary>
    public int Steps { get; }

    public float[] Inputs { get; }

    public float[] Keep { get; }

    public long[] Actions { get; }

    public float[] Rewards { get; }

    public float[] Continues { get; }

    public float[] Mask { get; }

    public Tensor InputTensor { get; private set; } = null!;

    public Tensor KeepTensor { get; private set; } = null!;

    public Tensor ActionTensor { get; private set; } = null!;

    public Tensor RewardTensor { get; private set; } = null!;

    public Tensor ContinuesTensor { get; private set; } = null!;

    public Tensor MaskTensor { get; private set; } = null!;

    /// <summary>Empties the batch: zero inputs, memory carried everywhere, no transitions.</summary>
    public void Clear()
    {
        Array.Clear(Inputs);
        Array.Fill(Keep, 1f);
        Array.Clear(Actions);
        Array.Clear(Rewards);
        Array.Clear(Continues);
        Array.Clear(Mask);
    }

    /// <summary>Segment <paramref name="row"/>'s memory starts from zero at step <paramref name="step"/>.</summary>
    public void StartsEpisode(int step, int row) => Keep[step * Size + row] = 0f;

    public void SetInput(int step, int row, ReadOnlySpan<float> observation) =>
        observation.CopyTo(Inputs.AsSpan((step * Size + row) * ObservationSize, ObservationSize));

    public void SetTransition(int step, int row, int action, float reward, bool terminated)
    {
        var i = step * Size + row;
        Actions[i] = action;
        Rewards[i] = reward;
        Continues[i] = terminated ? 0f : 1f;
        Mask[i] = 1f;
    }

    /// <summary>Copies the arrays into the batch's tensors (made once, outside any dispose scope).</summary>
    public void ToTensors()
    {
        if (InputTensor is null)
        {
            using var scope = NewDisposeScope();
            InputTensor = empty(Steps, Size, ObservationSize).DetachFromDisposeScope();
            KeepTensor = empty(Steps, Size).DetachFromDisposeScope();
            ActionTensor = empty(new long[] { Length, Size }, dtype: ScalarType.Int64).DetachFromDisposeScope();
            RewardTensor = empty(Length, Size).DetachFromDisposeScope();
            ContinuesTensor = empty(Length, Size).DetachFromDisposeScope();
            MaskTensor = empty(Length, Size).DetachFromDisposeScope();
        }
        Tensors.CopyInto<float>(Inputs, InputTensor);
        Tensors.CopyInto<float>(Keep, KeepTensor);
        Tensors.CopyInto<long>(Actions, ActionTensor);
        Tensors.CopyInto<float>(Rewards, RewardTensor);
        Tensors.CopyInto<float>(Continues, ContinuesTensor);
        Tensors.CopyInto<float>(Mask, MaskTensor);
    }

    public void Dispose()
    {
        InputTensor?.Dispose();
        KeepTensor?.Dispose();
        ActionTensor?.Dispose();
        RewardTensor?.Dispose();
        ContinuesTensor?.Dispose();
        MaskTensor?.Dispose();
    }
}
