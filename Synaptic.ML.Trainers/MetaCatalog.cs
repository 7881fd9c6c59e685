using Microsoft.ML;
using Synaptic.ML.Data;
using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>Meta-learning for few-shot classification on the Synaptic catalogs: the MAML trainer and its episode evaluation.</summary>
public static class MetaCatalog
{
    /// <summary>Model-Agnostic Meta-Learning (second- or first-order, optionally Meta-SGD) for N-way K-shot classification.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options.</param>
    /// <returns>The trainer; <c>Fit</c> returns the meta-learned <see cref="MamlTransformer"/>.</returns>
    public static MamlTrainer Maml(this SynapticTrainersCatalog catalog, MamlTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MamlTrainer(catalog.Context, options);
    }

    /// <summary>MAML with the defaults of <see cref="MamlTrainer.Options"/> otherwise.</summary>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="ways">N, classes per task. Default 5.</param>
    /// <param name="shots">K, support images per class. Default 5.</param>
    /// <param name="episodes">Meta-batches. Default 2,000.</param>
    /// <param name="firstOrder">First-order MAML. Default false (second order).</param>
    /// <param name="backbone">The backbone; null for the paper's four-convolution network.</param>
    /// <param name="validationData">Images of other classes that pick the best initialisation; null for none.</param>
    /// <param name="seed">Seed; null takes one from the <c>MLContext</c>.</param>
    /// <returns>The trainer.</returns>
    public static MamlTrainer Maml(this SynapticTrainersCatalog catalog, int ways = 5, int shots = 5, int episodes = 2_000, bool firstOrder = false,
        BackboneOptions? backbone = null, IDataView? validationData = null, int? seed = null)
    {
        var options = new MamlTrainer.Options
        {
            Ways = ways,
            Shots = shots,
            Episodes = episodes,
            FirstOrder = firstOrder,
            ValidationData = validationData,
            Seed = seed,
        };
        options.Backbone = backbone ?? options.Backbone;
        return catalog.Maml(options);
    }

    /// <summary>
    /// The standard few-shot protocol for MAML: <paramref name="episodes"/> N-way K-shot Q-query episodes drawn (seeded)
    /// from <paramref name="classes"/> of <paramref name="images"/> — the same episodes <c>EvaluateFewShot</c> draws for a
    /// prototypical featurizer with the same seed — each classified after adapting θ to its support; mean query accuracy
    /// with a 95% confidence interval.
    /// </summary>
    /// <param name="catalog">The Synaptic catalog.</param>
    /// <param name="model">The meta-learned model.</param>
    /// <param name="images">The images (typically the held-out classes' data).</param>
    /// <param name="classes">The class ids to draw from; null for all classes of <paramref name="images"/>.</param>
    /// <param name="shots">K.</param>
    /// <param name="queries">Q. Default 15.</param>
    /// <param name="episodes">Episodes. Default 600.</param>
    /// <param name="seed">Seed of the episodes. Default 0.</param>
    /// <param name="steps">Adaptation steps; null for the model's <see cref="MamlTransformer.AdaptationSteps"/>.</param>
    /// <returns>Mean accuracy and confidence interval (N is the model's <see cref="MamlTransformer.Ways"/>).</returns>
    public static FewShotEvaluation EvaluateFewShot(this SynapticCatalog catalog, MamlTransformer model, LabeledImages images,
        IEnumerable<int>? classes, int shots, int queries = 15, int episodes = 600, ulong seed = 0, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Height != model.ImageHeight || images.Width != model.ImageWidth)
            throw new ArgumentException($"The images are {images.Height}×{images.Width}; the model reads {model.ImageHeight}×{model.ImageWidth}.", nameof(images));
        var stepCount = steps ?? model.AdaptationSteps;
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount, nameof(steps));
        var sampler = new FewShotEpisodeSampler(images, classes ?? Enumerable.Range(0, images.ClassCount), seed);
        return FewShotEvaluator.Evaluate(sampler, model.Ways, shots, queries, episodes, episode => model.Predict(episode, stepCount));
    }
}
