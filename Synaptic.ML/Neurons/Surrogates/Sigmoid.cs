using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>
/// The logistic surrogate: ∂S/∂U ≈ k·e^(−k·x) / (e^(−k·x) + 1)², the derivative of σ(k·x) at x = U − θ.
/// </summary>
public sealed class Sigmoid : SurrogateGradient
{
    /// <summary>Creates the surrogate.</summary>
    /// <param name="slope">The slope k; snnTorch's default is 25.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not a positive finite number.</exception>
    public Sigmoid(double slope = 25)
    {
        if (!(slope > 0) || double.IsInfinity(slope))
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "The sigmoid slope must be a positive finite number.");
        Slope = slope;
    }

    /// <summary>Gets the slope k.</summary>
    public double Slope { get; }

    /// <inheritdoc/>
    protected internal override Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput)
    {
        using var exponential = shiftedMembrane.mul(-Slope).exp_();
        using var denominator = exponential.add(1.0).pow_(2);
        using var numerator = gradOutput.mul(Slope).mul_(exponential);
        return numerator / denominator;
    }
}
