using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>Few-shot learning on the Synaptic catalogs: the prototypical-network trainer, image featurizers and the episode evaluation.</summary>
public static class FewShotCatalog
{
    /// <summary>Episodic training of a prototypical network with a spiking (default) or artificial backbone.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer; <c>Fit</c> returns the trained <see cref="ImageFeaturizerTransformer"/>.</returns>
    public static PrototypicalNetworkTrainer PrototypicalNetwork(this SynapticTrainersCatalog catalog, PrototypicalNetworkTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PrototypicalNetworkTrainer(catalog.Context, options);
    }

    /// <summary>Episodic training of a prototypical network with the defaults of <see cref="PrototypicalNetworkTrainer.Options"/> otherwise.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="ways">N, classes per episode. Default 5.</param>
    /// <param name="shots">K, support images per class. Default 5.</param>
    /// <param name="episodes">Training episodes. Default 2,000.</param>
    /// <param name="backbone">The backbone; null for the spiking convolutional backbone.</param>
    /// <param name="validationData">Images of other classes that pick the best network; null for none.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The trainer.</returns>
    public static PrototypicalNetworkTrainer PrototypicalNetwork(this SynapticTrainersCatalog catalog, int ways = 5, int shots = 5, int episodes = 2_000,
        BackboneOptions? backbone = null, IDataView? validationData = null, int? seed = null)
    {
        var options = new PrototypicalNetworkTrainer.Options
        {
            Ways = ways,
            Shots = shots,
            Episodes = episodes,
            ValidationData = validationData,
            Seed = seed,
        };
        options.Backbone = backbone ?? options.Backbone;
        return catalog.PrototypicalNetwork(options);
    }

    /// <summary>Maps an image column to an embedding with a spiking convolutional backbone (seeded random weights).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The embedding column. Default "Embedding".</param>
    /// <param name="inputColumnName">The image column (pixels in [0, 1]). Default "Image".</param>
    /// <param name="options">The backbone; default <see cref="SpikingConvBackboneOptions"/>'s defaults.</param>
    /// <param name="seed">Seed of the weights; null takes one from the <c>MLContext</c>.</param>
    /// <param name="batchSize">Images a cursor runs through the network in one forward (see <see cref="ImageEmbeddingTransformer.BatchSize"/>);
    /// it changes speed and memory, not the embeddings. Default 256.</param>
    /// <returns>The estimator.</returns>
    /// <remarks>
    /// The featurizer runs the network each time its output is read. Before a trainer that reads its data several times
    /// (SDCA, L-BFGS, averaged perceptron…), put <c>AppendCacheCheckpoint(mlContext)</c> after the featurizer (and any
    /// normalizer), so each image goes through the network once.
    /// </remarks>
    public static ImageFeaturizerEstimator SpikingFeaturizer(this SynapticTransformsCatalog catalog, string outputColumnName = "Embedding",
        string inputColumnName = LabeledImages.Columns.Image, SpikingConvBackboneOptions? options = null, int? seed = null,
        int batchSize = ImageFeaturizerTransformer.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageFeaturizerEstimator(catalog.Context, outputColumnName, inputColumnName, options ?? new SpikingConvBackboneOptions(), seed, batchSize);
    }

    /// <summary>Maps an image column to an embedding with the artificial convolutional backbone (seeded random weights).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The embedding column. Default "Embedding".</param>
    /// <param name="inputColumnName">The image column. Default "Image".</param>
    /// <param name="options">The backbone; default <see cref="ConvBackboneOptions"/>'s defaults.</param>
    /// <param name="seed">Seed of the weights; null takes one from the <c>MLContext</c>.</param>
    /// <param name="batchSize">Images a cursor runs through the network in one forward (see <see cref="ImageEmbeddingTransformer.BatchSize"/>). Default 256.</param>
    /// <returns>The estimator.</returns>
    /// <remarks>Before a trainer that reads its data several times, append <c>AppendCacheCheckpoint(mlContext)</c>, as for <see cref="SpikingFeaturizer"/>.</remarks>
    public static ImageFeaturizerEstimator ConvFeaturizer(this SynapticTransformsCatalog catalog, string outputColumnName = "Embedding",
        string inputColumnName = LabeledImages.Columns.Image, ConvBackboneOptions? options = null, int? seed = null,
        int batchSize = ImageFeaturizerTransformer.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageFeaturizerEstimator(catalog.Context, outputColumnName, inputColumnName, options ?? new ConvBackboneOptions(), seed, batchSize);
    }

    /// <summary>
    /// The standard few-shot protocol: <paramref name="episodes"/> N-way K-shot Q-query episodes drawn (seeded)
    /// from <paramref name="classes"/> of <paramref name="images"/>, each classified by the prototypes of its
    /// support; mean query accuracy with a 95% confidence interval.
    /// </summary>
    /// <param name="catalog">The Synaptic catalog.</param>
    /// <param name="featurizer">The trained featurizer.</param>
    /// <param name="images">The images (typically the held-out classes' data).</param>
    /// <param name="classes">The class ids to draw from; null for all classes of <paramref name="images"/>.</param>
    /// <param name="ways">N.</param>
    /// <param name="shots">K.</param>
    /// <param name="queries">Q. Default 15.</param>
    /// <param name="episodes">Episodes. Default 600.</param>
    /// <param name="seed">Seed of the episodes; the same seed gives the same episodes for every featurizer. Default 0.</param>
    /// <returns>Mean accuracy and confidence interval.</returns>
    public static FewShotEvaluation EvaluateFewShot(this SynapticCatalog catalog, ImageFeaturizerTransformer featurizer, LabeledImages images,
        IEnumerable<int>? classes, int ways, int shots, int queries = 15, int episodes = 600, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Height != featurizer.ImageHeight || images.Width != featurizer.ImageWidth)
            throw new ArgumentException($"The images are {images.Height}×{images.Width}; the featurizer reads {featurizer.ImageHeight}×{featurizer.ImageWidth}.", nameof(images));
        var sampler = new FewShotEpisodeSampler(images, classes ?? Enumerable.Range(0, images.ClassCount), seed);
        return FewShotEvaluator.Evaluate(featurizer.Embedder, sampler, ways, shots, queries, episodes);
    }
}
