using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>PyTorch's initialisation of recurrent cells (every weight and bias uniform in ±1/√H), drawn from an explicit generator so a seed fixes the network.</summary>
internal static class RecurrentInitialization
{
    public static void Uniform(nn.Module cell, int hiddenSize, Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(hiddenSize);
        using (no_grad())
        {
            foreach (var (_, parameter) in cell.named_parameters())
            {
                using var values = rand(parameter.shape, generator: generator).mul_(2 * bound).sub_(bound);
                parameter.copy_(values);
            }
        }
    }
}
