using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>
/// snnTorch's "triangular" surrogate: the gradient is scaled by +γ below threshold and by −γ at or above
/// it, i.e. the derivative of a triangle of height and slope γ whose apex sits at the threshold.
/// </summary>
/// <remarks>
/// This follows snnTorch exactly: the backward pass does not vanish away from the threshold, it only
/// changes sign there. The parameter is called <c>threshold</c> in snnTorch.
/// </remarks>
public sealed class Triangular : SurrogateGradient
{
    /// <summary>Creates the surrogate.</summary>
    /// <param name="scale">The slope γ (snnTorch's <c>threshold</c> argument, default 1).</param>
    /// <exception cref="ArgumentException"><paramref name="scale"/> is not finite.</exception>
    public Triangular(double scale = 1)
    {
        if (!double.IsFinite(scale))
            throw new ArgumentException($"The triangular slope must be finite, got {scale}.", nameof(scale));
        Scale = scale;
    }

    /// <summary>Gets the slope γ.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    protected internal override Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput)
    {
        // +γ on the rising side of the triangle (x < 0), −γ on the falling side (x ≥ 0).
        using var atOrAbove = shiftedMembrane.ge(0);
        using var scaled = gradOutput.mul(Scale);
        using var negated = scaled.neg();
        return where(atOrAbove, negated, scaled);
    }
}
