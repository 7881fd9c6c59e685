using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>
/// The straight-through estimator (Bengio, Léonard and Courville, 2013): the step is treated as the
/// identity in the backward pass, ∂S/∂U ≈ 1.
/// </summary>
public sealed class StraightThrough : SurrogateGradient
{
    /// <inheritdoc/>
    protected internal override Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput) => gradOutput.clone();
}
