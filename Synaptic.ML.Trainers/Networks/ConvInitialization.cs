using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// PyTorch's default convolution initialisation (uniform in ±1/√fan-in for weights and biases), drawn from an
/// explicit generator so a seed gives the same network without touching TorchSharp's global state.
/// </summary>
internal static class ConvInitialization
{
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
