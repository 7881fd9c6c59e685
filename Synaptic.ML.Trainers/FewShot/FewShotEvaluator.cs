using Synaptic.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>Runs test episodes with a fixed backbone: prototypes from the support, accuracy on the queries.</summary>
internal static class FewShotEvaluator
{
    private const int Batch = 100;

    public static FewShotEvaluation Evaluate(ImageEmbedder embedder, FewShotEpisodeSampler sampler, int ways, int shots, int queries, int episodes,
        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var accuracies = new double[episodes];
        var d = embedder.EmbeddingSize;
        for (var e = 0; e < episodes; e++)
        {
            cancellation.ThrowIfCancellationRequested();
            var episode = sampler.Episode(e, ways, shots, queries);
            var support = Embed(embedder, episode.Support);
            var prototypes = PrototypeMath.Means(support, episode.Support.Labels, ways, d);
            var query = Embed(embedder, episode.Query);
            var scores = new float[ways];
            var correct = 0;
            for (var i = 0; i < episode.Query.Count; i++)
            {
                if (PrototypeMath.Scores(query.AsSpan(i * d, d), prototypes, scores) == episode.Query.Labels[i])
                    correct++;
            }
            accuracies[e] = (double)correct / episode.Query.Count;
            progress?.Report(e + 1);
        }
        return new FewShotEvaluation(ways, shots, queries, accuracies);
    }

    public static float[] Embed(ImageEmbedder embedder, LabeledImages images)
    {
        var d = embedder.EmbeddingSize;
        var size = images.PixelsPerImage;
        var embeddings = new float[images.Count * d];
        var pixels = images.Pixels.Span;
        for (var start = 0; start < images.Count; start += Batch)
        {
            var count = Math.Min(Batch, images.Count - start);
            embedder.Embed(pixels.Slice(start * size, count * size), count, embeddings.AsSpan(start * d, count * d));
        }
        return embeddings;
    }
}
