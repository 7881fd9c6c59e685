using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A minibatch drawn from the replay buffer: managed arrays filled by <see cref="ReplayBuffer.Sample"/> (reused from
/// step to step, so sampling allocates nothing) and the tensors made from them for one gradient step.
/// </summary>
internal sealed class ReplayBatch : IDisposable
{
    public ReplayBatch(int size, int observationSize)
    {
        Size = size;
        ObservationSize = observationSize;
        Observations = new float[size * observationSize];
        NextObservations = new float[size * observationSize];
        ActionIndices = new long[size];
        Rewards = new float[size];
        NotTerminated = new float[size];
    }

    public int Size { get; }

    public int ObservationSize { get; }

    public float[] Observations { get; }

    public float[] NextObservations { get; }

    public long[] ActionIndices { get; }

    public float[] Rewards { get; }

    /// <summary>1 where the target bootstraps, 0 where s′ is terminal.</summary>
    public float[] NotTerminated { get; }

    /// <summary>Observations s [B, obs] (after <see cref="ToTensors"/>).</summary>
    public Tensor State { get; private set; } = null!;

    /// <summary>Next observations s′ [B, obs].</summary>
    public Tensor NextState { get; private set; } = null!;

    /// <summary>Actions [B] (int64).</summary>
    public Tensor Action { get; private set; } = null!;

    /// <summary>Rewards [B].</summary>
    public Tensor Reward { get; private set; } = null!;

    /// <summary>1 − terminated [B].</summary>
    public Tensor Continues { get; private set; } = null!;

    /// <summary>
    /// Copies the current contents into the batch's tensors, made once and reused (outside any dispose scope, released
    /// by <see cref="Dispose"/>): a gradient step then allocates no input tensors.
    /// </summary>
    public void ToTensors()
    {
        if (State is null)
        {
            using var scope = NewDisposeScope();
            State = empty(Size, ObservationSize).DetachFromDisposeScope();
            NextState = empty(Size, ObservationSize).DetachFromDisposeScope();
            Action = empty(Size, dtype: ScalarType.Int64).DetachFromDisposeScope();
            Reward = empty(Size).DetachFromDisposeScope();
            Continues = empty(Size).DetachFromDisposeScope();
        }
        Tensors.CopyInto<float>(Observations, State);
        Tensors.CopyInto<float>(NextObservations, NextState);
        Tensors.CopyInto<long>(ActionIndices, Action);
        Tensors.CopyInto<float>(Rewards, Reward);
        Tensors.CopyInto<float>(NotTerminated, Continues);
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        State?.Dispose();
        NextState?.Dispose();
        Action?.Dispose();
        Reward?.Dispose();
        Continues?.Dispose();
    }
}
