using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Torch;

/// <summary>
/// A module's trainable parameters re-homed into one contiguous tensor, with their gradients in another, so that
/// an optimizer step, a gradient-norm clip and zeroing the gradients are a handful of tensor operations instead
/// of a handful per parameter tensor. Each TorchSharp call costs microseconds whatever its size, so for the small
/// networks of reinforcement learning (a DQN MLP [256, 256] has 6 parameter tensors; a step of
/// <c>torch.optim.Adam</c> is 8 calls per tensor) the per-call cost, not the arithmetic, dominates the update.
/// </summary>
/// <remarks>
/// After construction every parameter is a view into <see cref="Values"/> (<c>set_</c>), and its gradient a view
/// into <see cref="Gradients"/>; backpropagation accumulates into the existing gradient views in place, so the
/// gradients must be zeroed with <see cref="ZeroGradients"/> (never set to null, which would detach them from
/// the flat tensor). The values are unchanged: the module computes exactly what it computed before. Loading
/// weights into the module (<c>load</c>, which copies in place) keeps the views.
/// </remarks>
internal sealed class FlatParameters : IDisposable
{
    private readonly Parameter[] _parameters;

    public FlatParameters(IEnumerable<Parameter> parameters)
    {
        _parameters = parameters.Where(p => p.requires_grad).ToArray();
        var total = _parameters.Sum(p => p.numel());
        Values = new Parameter(zeros(total));
        Gradients = zeros(total);
        using (no_grad())
        {
            long offset = 0;
            foreach (var parameter in _parameters)
            {
                var count = parameter.numel();
                var values = Values.narrow(0, offset, count).view(parameter.shape);
                values.copy_(parameter);
                parameter.set_(values);
                parameter.grad = Gradients.narrow(0, offset, count).view(parameter.shape);
                offset += count;
            }
            Values.grad = Gradients;
        }
    }

    /// <summary>All parameters, one after another in the order given (a parameter itself, for optimizers).</summary>
    public Parameter Values { get; }

    /// <summary>All gradients, in the same order.</summary>
    public Tensor Gradients { get; }

    /// <summary>Zeroes every gradient in place.</summary>
    public void ZeroGradients() => Gradients.zero_();

    /// <summary>
    /// Scales the gradients so their global L2 norm is at most <paramref name="maxNorm"/>, as
    /// <c>torch.nn.utils.clip_grad_norm_</c> (factor maxNorm / (norm + 1e-6) when below 1); returns the norm before.
    /// </summary>
    public double ClipGradientNorm(double maxNorm)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var norm = Gradients.norm().item<float>();
        var factor = maxNorm / (norm + 1e-6);
        if (factor < 1)
        {
            // A scalar held in a variable: one made on the fly could be finalized during the native call (see AdamOptimizer).
            using var scale = factor.ToScalar();
            Gradients.mul_(scale);
        }
        return norm;
    }

    public void Dispose()
    {
        Values.Dispose();
        Gradients.Dispose();
    }
}
