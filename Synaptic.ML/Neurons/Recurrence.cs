using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>Builds the recurrent connections of <see cref="RLeaky"/> and <see cref="RSynaptic"/>.</summary>
internal static class Recurrence
{
    /// <summary>An all-to-all <c>Linear(features, features)</c> with bias, frozen unless <paramref name="learn"/>.</summary>
    public static nn.Module<Tensor, Tensor> AllToAll(int features, bool learn)
    {
        if (features <= 0)
            throw new ArgumentOutOfRangeException("linearFeatures", features, "The number of recurrent features must be positive.");
        var linear = nn.Linear(features, features);
        if (!learn)
        {
            foreach (var parameter in linear.parameters())
                parameter.requires_grad = false;
        }
        return linear;
    }
}
