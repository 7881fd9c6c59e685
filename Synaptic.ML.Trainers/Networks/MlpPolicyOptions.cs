using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>An artificial actor: a multilayer perceptron with orthogonal initialization (output gain 0.01).</summary>
public sealed class MlpPolicyOptions : PolicyNetworkOptions
{
    internal const byte KindTag = 1;

    /// <summary>Hidden layer sizes. Default [64, 64], as Stable-Baselines3.</summary>
    public int[] HiddenSizes { get; set; } = [64, 64];

    /// <summary>Nonlinearity between layers. Default <see cref="HiddenActivation.Tanh"/>.</summary>
    public HiddenActivation Activation { get; set; } = HiddenActivation.Tanh;

    internal override byte Kind => KindTag;

    /// <inheritdoc/>
    public override string ToString() => $"MLP [{string.Join(", ", HiddenSizes)}] {Activation}";

    internal override nn.Module<Tensor, Tensor> CreateActor(int observationSize, int outputSize, Generator generator) =>
        LayerInitialization.Mlp(observationSize, HiddenSizes, outputSize, Activation, LayerInitialization.OutputGain, generator);

    /// <summary>
    /// The actor's forward with parameters passed in, for algorithms that differentiate through updated weights
    /// (MAML's inner loop): computes what the module from <c>CreateActor</c> computes with these parameters.
    /// </summary>
    /// <param name="observations">Observations [B, obs].</param>
    /// <param name="parameters">
    /// Weight and bias of each linear layer, input layer first, in the order of the module's <c>parameters()</c>:
    /// W₀ [h₀, obs], b₀ [h₀], …, W_out [out, h_last], b_out [out].
    /// </param>
    /// <returns>Distribution parameters [B, out], on the autograd graph of <paramref name="parameters"/>.</returns>
    /// <exception cref="ArgumentException">The number of tensors is not two per layer.</exception>
    public Tensor Forward(Tensor observations, IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(parameters);
        var layers = HiddenSizes.Length + 1;
        if (parameters.Count != 2 * layers)
            throw new ArgumentException(
                $"{parameters.Count} parameter tensors were given; {this} has {layers} linear layers, each with a weight and a bias ({2 * layers} tensors).",
                nameof(parameters));
        var x = observations;
        for (var l = 0; l < layers; l++)
        {
            x = nn.functional.linear(x, parameters[2 * l], parameters[2 * l + 1]);
            if (l < layers - 1)
                x = Activation == HiddenActivation.Tanh ? x.tanh() : nn.functional.relu(x);
        }
        return x;
    }

    internal override void Validate()
    {
        NetworkValidation.Sizes(HiddenSizes, nameof(HiddenSizes));
        NetworkValidation.Defined(Activation, nameof(Activation));
    }

    internal override void WriteBody(BinaryWriter writer)
    {
        WriteSizes(writer, HiddenSizes);
        writer.Write((byte)Activation);
    }

    // Layout 0: hidden sizes, activation.
    internal static MlpPolicyOptions ReadBody(BinaryReader reader, int version) =>
        new() { HiddenSizes = ReadSizes(reader), Activation = (HiddenActivation)reader.ReadByte() };
}
