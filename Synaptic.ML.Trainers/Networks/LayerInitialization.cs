using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The seeded initialisation of every network: orthogonal weights with zero biases for linear layers (as
/// Stable-Baselines3's actor-critic policies) and PyTorch's default uniform initialisation for convolutions, all
/// drawn from an explicit generator so that the same seed gives the same network without touching TorchSharp's
/// global state.
/// </summary>
internal static class LayerInitialization
{
    /// <summary>Hidden layers: gain √2.</summary>
    public static readonly double HiddenGain = Math.Sqrt(2);

    /// <summary>The output layer of an actor: gain 0.01, so the initial policy is close to uniform (Stable-Baselines3).</summary>
    public const double OutputGain = 0.01;

    /// <summary>Creates a linear layer with orthogonal weights of the given gain and zero bias.</summary>
    public static Linear Linear(int inputs, int outputs, double gain, Generator generator)
    {
        var layer = nn.Linear(inputs, outputs);
        using (no_grad())
        {
            using var weights = Orthogonal(outputs, inputs, gain, generator);
            layer.weight!.copy_(weights);
            layer.bias!.zero_();
        }
        return layer;
    }

    /// <summary>A rows × columns matrix with orthonormal rows or columns, scaled by <paramref name="gain"/>.</summary>
    public static Tensor Orthogonal(int rows, int columns, double gain, Generator generator)
    {
        using var scope = NewDisposeScope();
        var tall = rows >= columns;
        var gaussian = randn(tall ? rows : columns, tall ? columns : rows, generator: generator);
        var (q, r) = linalg.qr(gaussian);
        // Make the decomposition unique (positive diagonal of R), as torch.nn.init.orthogonal_ does.
        var signs = r.diagonal().sign();
        var basis = q * signs;
        var matrix = tall ? basis : basis.t();
        return (matrix * gain).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>A multilayer perceptron with orthogonal initialization: hidden layers gain √2, output layer <paramref name="outputGain"/>.</summary>
    public static Sequential Mlp(int inputs, int[] hidden, int outputs, HiddenActivation activation, double outputGain, Generator generator)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var width = inputs;
        foreach (var size in hidden)
        {
            layers.Add(Linear(width, size, HiddenGain, generator));
            layers.Add(activation == HiddenActivation.Tanh ? nn.Tanh() : nn.ReLU());
            width = size;
        }
        layers.Add(Linear(width, outputs, outputGain, generator));
        return nn.Sequential(layers);
    }

    /// <summary>
    /// Re-draws every linear layer inside <paramref name="module"/> with PyTorch's default initialisation, weights and
    /// biases uniform in ±1/√fan-in (what <c>nn.Linear</c> does, and so Stable-Baselines3's Q-networks), from
    /// <paramref name="generator"/> in the order of <c>modules()</c> (<paramref name="module"/> itself first, when it is a linear layer).
    /// </summary>
    public static void PyTorchDefaultLinear(nn.Module module, Generator generator)
    {
        using (no_grad())
        {
            // TorchSharp's modules() lists the descendants only, so a Linear passed itself is taken as well.
            foreach (var linear in module.modules().Prepend(module).OfType<Linear>())
            {
                var bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                using var weights = rand(linear.weight.shape, generator: generator) * (2 * bound) - bound;
                linear.weight.copy_(weights);
                if (linear.bias is { } bias)
                {
                    using var biases = rand(bias.shape, generator: generator) * (2 * bound) - bound;
                    bias.copy_(biases);
                }
            }
        }
    }

    /// <summary>
    /// A convolution with PyTorch's default initialisation: weights and biases uniform in ±1/√fan-in, where
    /// fan-in = <paramref name="inputs"/>·<paramref name="kernel"/>².
    /// </summary>
    public static Conv2d Conv(int inputs, int outputs, int kernel, int padding, Generator generator)
    {
        var conv = nn.Conv2d(inputs, outputs, kernel, padding: padding);
        var bound = 1.0 / Math.Sqrt(inputs * kernel * kernel);
        using (no_grad())
        {
            using var weights = rand(conv.weight!.shape, generator: generator) * (2 * bound) - bound;
            conv.weight.copy_(weights);
            using var bias = rand(conv.bias!.shape, generator: generator) * (2 * bound) - bound;
            conv.bias.copy_(bias);
        }
        return conv;
    }
}
