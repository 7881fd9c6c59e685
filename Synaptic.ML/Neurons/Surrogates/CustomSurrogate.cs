using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>A surrogate whose derivative ∂S/∂U is supplied by the caller as a function of U − θ.</summary>
public sealed class CustomSurrogate : SurrogateGradient
{
    private readonly Func<Tensor, Tensor> _derivative;

    /// <summary>Creates the surrogate.</summary>
    /// <param name="derivative">
    /// Maps the shifted membrane potential U − θ to the surrogate derivative, elementwise, with the same shape.
    /// It runs during the backward pass, without gradient tracking.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="derivative"/> is <see langword="null"/>.</exception>
    public CustomSurrogate(Func<Tensor, Tensor> derivative)
    {
        ArgumentNullException.ThrowIfNull(derivative);
        _derivative = derivative;
    }

    /// <inheritdoc/>
    protected internal override Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput)
    {
        // Not disposed: the caller owns what its function returns (it may be a cached or shared tensor).
        var derivative = _derivative(shiftedMembrane);
        if (!derivative.shape.SequenceEqual(shiftedMembrane.shape))
            throw new InvalidOperationException(
                $"The custom surrogate derivative returned shape [{string.Join(", ", derivative.shape)}] for input shape [{string.Join(", ", shiftedMembrane.shape)}].");
        return gradOutput * derivative;
    }
}
