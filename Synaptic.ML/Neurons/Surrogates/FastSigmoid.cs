using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>
/// The fast-sigmoid surrogate of SuperSpike (Zenke and Ganguli, 2018): ∂S/∂U ≈ 1 / (k·|U − θ| + 1)².
/// </summary>
public sealed class FastSigmoid : SurrogateGradient
{
    /// <summary>Creates the surrogate.</summary>
    /// <param name="slope">The slope k; larger values give a sharper peak. snnTorch's default is 25.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is not a positive finite number.</exception>
    public FastSigmoid(double slope = 25)
    {
        if (!(slope > 0) || double.IsInfinity(slope))
            throw new ArgumentOutOfRangeException(nameof(slope), slope, "The fast-sigmoid slope must be a positive finite number.");
        Slope = slope;
    }

    /// <summary>Gets the slope k.</summary>
    public double Slope { get; }

    /// <inheritdoc/>
    protected internal override Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput)
    {
        using var scale = shiftedMembrane.abs().mul_(Slope).add_(1.0).pow_(2);
        return gradOutput / scale;
    }
}
