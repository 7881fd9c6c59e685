using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The prototypical-network head (Snell et al., 2017): a class's prototype is the mean embedding of its support
/// examples; a query's logits are the negative squared Euclidean distances to the prototypes.
/// </summary>
internal static class Prototypes
{
    /// <summary>Prototypes [N, D] from support embeddings [S, D] with labels 0..N−1 [S].</summary>
    public static Tensor Compute(Tensor supportEmbeddings, Tensor supportLabels, int classes)
    {
        var oneHot = nn.functional.one_hot(supportLabels.to(ScalarType.Int64), classes).to(ScalarType.Float32);   // [S, N]
        var counts = oneHot.sum(dim: 0L).unsqueeze(1);                                                                    // [N, 1]
        return oneHot.t().matmul(supportEmbeddings) / counts;
    }

    /// <summary>−‖q − p‖² for every query and prototype, [Q, N].</summary>
    public static Tensor Logits(Tensor queryEmbeddings, Tensor prototypes)
    {
        var queryNorms = queryEmbeddings.square().sum(dim: 1L, keepdim: true);        // [Q, 1]
        var prototypeNorms = prototypes.square().sum(dim: 1L).unsqueeze(0);           // [1, N]
        var distances = queryNorms + prototypeNorms - 2 * queryEmbeddings.matmul(prototypes.t());
        return -distances.clamp_min(0);
    }
}
