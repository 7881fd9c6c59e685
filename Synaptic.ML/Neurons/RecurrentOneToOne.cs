using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Neurons;

/// <summary>
/// One-to-one recurrent connection: each neuron feeds its own spike back scaled by V (shared scalar or one
/// weight per neuron), snnTorch's <c>RecurrentOneToOne</c>.
/// </summary>
public sealed class RecurrentOneToOne : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _weight;

    /// <summary>Creates the connection.</summary>
    /// <param name="weight">V, a scalar or a tensor broadcast against the spikes (e.g. [N]); copied.</param>
    /// <param name="learn">Whether V is a trainable parameter rather than a buffer.</param>
    /// <exception cref="ArgumentException">V holds a non-finite value.</exception>
    public RecurrentOneToOne(Tensor weight, bool learn) : base(nameof(RecurrentOneToOne))
    {
        ArgumentNullException.ThrowIfNull(weight);
        var copy = weight.detach().clone();
        if (!copy.is_floating_point())
            copy = copy.to_type(ScalarType.Float32);
        using (no_grad())
        {
            if (!copy.isfinite().all().item<bool>())
                throw new ArgumentException("The recurrent weight V must be finite.", nameof(weight));
        }
        if (learn)
        {
            var parameter = new TorchSharp.Modules.Parameter(copy, requires_grad: true);
            register_parameter("V", parameter);
            _weight = parameter;
        }
        else
        {
            register_buffer("V", copy);
            _weight = copy;
        }
    }

    /// <summary>Gets the recurrent weight V.</summary>
    public Tensor Weight => _weight;

    /// <summary>Scales the spikes by V elementwise.</summary>
    /// <param name="input">The previous step's spikes.</param>
    /// <returns>V ⊙ S.</returns>
    public override Tensor forward(Tensor input) => input * _weight;
}
