using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>A rollout's valid samples as tensors for the update.</summary>
internal sealed record RolloutTensors(Tensor Observations, Tensor Actions, Tensor OldLogProbabilities, Tensor Advantages, Tensor Returns, Tensor OldValues) : IDisposable
{
    public long Count => Observations.shape[0];

    public void Dispose()
    {
        Observations.Dispose();
        Actions.Dispose();
        OldLogProbabilities.Dispose();
        Advantages.Dispose();
        Returns.Dispose();
        OldValues.Dispose();
    }
}
