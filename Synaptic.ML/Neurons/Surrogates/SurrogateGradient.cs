using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons.Surrogates;

/// <summary>
/// A spike nonlinearity whose forward pass is the Heaviside step and whose backward pass replaces the
/// step's zero-almost-everywhere derivative with a smooth surrogate (Neftci, Mostafa and Zenke, 2019).
/// </summary>
/// <remarks>
/// The input is the shifted membrane potential U − θ. As in snnTorch, a spike is emitted only when the
/// shifted potential is strictly positive (U &gt; θ); a potential exactly at threshold does not fire.
/// The gradient is implemented as a TorchSharp custom autograd function, so the surrogate derivative is
/// exact rather than approximated by a straight-through construction.
/// </remarks>
public abstract class SurrogateGradient
{
    /// <summary>Emits spikes for the shifted membrane potential, recording the surrogate for backpropagation.</summary>
    /// <param name="shiftedMembrane">U − θ; any shape, floating point.</param>
    /// <returns>A tensor of the same shape and type holding 1 where <paramref name="shiftedMembrane"/> &gt; 0 and 0 elsewhere.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shiftedMembrane"/> is <see langword="null"/>.</exception>
    public Tensor Spike(Tensor shiftedMembrane)
    {
        ArgumentNullException.ThrowIfNull(shiftedMembrane);
        return SurrogateSpikeFunction.apply(shiftedMembrane, this);
    }

    /// <summary>
    /// Computes the gradient with respect to the shifted membrane potential given the gradient with respect
    /// to the spikes: the chain rule with the surrogate derivative in place of the Dirac delta.
    /// </summary>
    /// <param name="shiftedMembrane">The U − θ that was passed to <see cref="Spike"/>.</param>
    /// <param name="gradOutput">∂L/∂S, same shape.</param>
    /// <returns>∂L/∂(U − θ).</returns>
    protected internal abstract Tensor Backward(Tensor shiftedMembrane, Tensor gradOutput);

    /// <summary>The Heaviside step with snnTorch's convention: 1 where x &gt; 0, else 0, in x's type.</summary>
    internal static Tensor Heaviside(Tensor x) => x.gt(0).to_type(x.dtype);
}

/// <summary>The custom autograd node shared by every <see cref="SurrogateGradient"/>.</summary>
internal sealed class SurrogateSpikeFunction : autograd.SingleTensorFunction<SurrogateSpikeFunction>
{
    private const string SurrogateKey = "surrogate";

    public override string Name => "SurrogateSpike";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        ctx.save_for_backward([input]);
        ctx.save_data(SurrogateKey, vars[1]);
        return SurrogateGradient.Heaviside(input);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var input = ctx.get_saved_variables()[0];
        var surrogate = (SurrogateGradient)ctx.get_data(SurrogateKey);
        // One gradient per forward argument; the surrogate object itself is not differentiable.
        return [surrogate.Backward(input, grad_output), null!];
    }
}
