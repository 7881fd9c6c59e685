using Synaptic.ML.Data;

namespace Synaptic.ML.Trainers;

/// <summary>Runs test episodes: each episode's queries are classified from its support, and the query accuracy recorded.</summary>
internal static class FewShotEvaluator
{
    private const int Batch = 100;

    /// <summary>The standard protocol with any classifier: <paramref name="classify"/> gets an episode and returns the predicted label (0 to N − 1) of each query.</summary>
    public static FewShotEvaluation Evaluate(FewShotEpisodeSampler sampler, int ways, int shots, int queries, int episodes,
        Func<FewShotEpisode, int[]> classify, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var accuracies = new double[episodes];
        for (var e = 0; e < episodes; e++)
        {
            cancellation.ThrowIfCancellationRequested();
            var episode = sampler.Episode(e, ways, shots, queries);
            var predicted = classify(episode);
            var correct = 0;
            for (var i = 0; i < episode.Query.Count; i++)
            {
                if (predicted[i] == episode.Query.Labels[i])
                    correct++;
            }
            accuracies[e] = (double)correct / episode.Query.Count;
            progress?.Report(e + 1);
        }
        return new FewShotEvaluation(ways, shots, queries, accuracies);
    }

    /// <summary>The prototypical protocol with a fixed backbone: prototypes from the support, the nearest one for each query.</summary>
    public static FewShotEvaluation Evaluate(ImageEmbedder embedder, FewShotEpisodeSampler sampler, int ways, int shots, int queries, int episodes,
        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        var d = embedder.EmbeddingSize;
        var scores = new float[ways];
        return Evaluate(sampler, ways, shots, queries, episodes, episode =>
        {
            var prototypes = PrototypeMath.Means(Embed(embedder, episode.Support), episode.Support.Labels, ways, d);
            var query = Embed(embedder, episode.Query);
            var predicted = new int[episode.Query.Count];
            for (var i = 0; i < predicted.Length; i++)
                predicted[i] = PrototypeMath.Scores(query.AsSpan(i * d, d), prototypes, scores);
            return predicted;
        }, progress, cancellation);
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
