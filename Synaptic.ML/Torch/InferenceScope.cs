using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Torch;

/// <summary>
/// Where a network is only evaluated: no autograd graph is recorded, and every tensor made inside is freed
/// when the scope ends (TorchSharp tensors hold native memory that the garbage collector does not see).
/// </summary>
internal readonly struct InferenceScope : IDisposable
{
    private readonly DisposeScope _tensors;
    private readonly IDisposable _noGrad;

    private InferenceScope(DisposeScope tensors, IDisposable noGrad)
    {
        _tensors = tensors;
        _noGrad = noGrad;
    }

    /// <summary>Starts a scope; dispose it when the results were copied out.</summary>
    public static InferenceScope Enter() => new(NewDisposeScope(), no_grad());

    public void Dispose()
    {
        _noGrad.Dispose();
        _tensors.Dispose();
    }
}
