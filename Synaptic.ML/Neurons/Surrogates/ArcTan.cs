using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>
/// The arctangent surrogate (Fang et al., 2021), snnTorch's default:
/// ∂S/∂U ≈ (α/2) / (1 + (π·α·(U − θ)/2)²), the derivative of arctan(π·α·x/2)/π.
/// </summary>
public sealed class ArcTan : SurrogateGradient
{
    /// <summary>Creates the surrogate.</summary>
    /// <param name="alpha">The sharpness α; snnTorch's default is 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not a positive finite number.</exception>
    public ArcTan(double alpha = 2)
    {
        if (!(alpha > 0) || double.IsInfinity(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The arctangent sharpness must be a positive finite number.");
        Alpha = alpha;
    }

    /// <summary>Gets the sharpness α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    protected internal override Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput)
    {
        using var denominator = shiftedMembrane.mul(Math.PI / 2 * Alpha).pow_(2).add_(1.0);
        using var derivative = denominator.reciprocal_().mul_(Alpha / 2);
        return derivative * gradOutput;
    }
}
