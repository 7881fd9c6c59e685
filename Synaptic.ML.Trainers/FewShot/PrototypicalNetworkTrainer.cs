using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Episodic meta-training of a prototypical network (Snell et al., 2017): each episode draws N classes with K
/// support and Q query images from the training data, embeds them with the backbone, takes each class's mean
/// support embedding as its prototype, and minimises the cross-entropy of the queries' softmax over negative
/// squared Euclidean distances to the prototypes, with Adam. Validation episodes on other classes keep the best
/// network. <c>Fit</c> returns the trained <see cref="ImageFeaturizerTransformer"/>, from which
/// <see cref="ImageFeaturizerTransformer.CreatePrototypeClassifier(IDataView, string, PrototypeColumnNames?)"/>
/// builds classifiers for any support set.
/// </summary>
public sealed class PrototypicalNetworkTrainer : EpisodicTrainer<PrototypicalNetworkTrainer.Options, ImageFeaturizerTransformer>
{
    private ImageEmbedder? _embedder;
    private FewShotEpisodeSampler? _validationSampler;

    internal PrototypicalNetworkTrainer(MLContext context, Options options) : base(context, options, nameof(PrototypicalNetworkTrainer))
    {
    }

    /// <summary>Options of <see cref="PrototypicalNetworkTrainer"/>.</summary>
    public sealed class Options : EpisodicTrainerOptions
    {
        /// <summary>The backbone. Default a spiking convolutional backbone (1→16→32, kernel 5, β 0.9, T 10, spike counts).</summary>
        public BackboneOptions Backbone { get; set; } = new SpikingConvBackboneOptions();

        /// <summary>Halve the learning rate every this many episodes (0: never; Snell et al. use 2,000). Default 0.</summary>
        public int LearningRateHalvingInterval { get; set; }

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.NotNull(Backbone, nameof(Backbone));
            Backbone.Validate();
            OptionChecks.NotNegative(LearningRateHalvingInterval, nameof(LearningRateHalvingInterval));
        }
    }

    private protected override string BestModelFileName => "best-featurizer.zip";

    private protected override ImageFeaturizerTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var train = TrainingImages!;
        var randomSeed = (ulong)(uint)seed;
        var embedder = new ImageEmbedder(options.Backbone, train.Height, train.Width, randomSeed);
        _embedder = embedder;
        var sampler = EpisodeSampler(train, randomSeed);
        _validationSampler = ValidationSampler(randomSeed);
        var history = new TrainingHistory();
        using var optimizer = new AdamOptimizer(embedder.Module.parameters());
        var run = BeginRun(this, seed, options.Episodes, "episodes", history, resumeFrom: null,
            $"prototypical network, {options.Backbone}: {options.Episodes} episodes of {options.Ways}-way {options.Shots}-shot {options.Queries}-query on {sampler.Classes.Count} classes");
        var pixels = new float[options.Ways * (options.Shots + options.Queries) * train.PixelsPerImage];
        for (var e = 0; e < options.Episodes; e++)
        {
            run.ThrowIfCancelled();
            var episode = sampler.Episode(e, options.Ways, options.Shots, options.Queries);
            var learningRate = options.LearningRateHalvingInterval > 0
                ? options.LearningRate * Math.Pow(0.5, e / options.LearningRateHalvingInterval)
                : options.LearningRate;
            var (loss, accuracy) = TrainEpisode(embedder, optimizer, episode, pixels, learningRate);
            if (!EndEpisode(run, e, loss, accuracy))
                break;
        }
        EndRun(run);
        embedder.Module.eval();
        _embedder = null;
        return new ImageFeaturizerTransformer(Host, options.EmbeddingColumnName, options.ImageColumnName, embedder, history);
    }

    /// <summary>One episode: prototypes from the support, cross-entropy of the queries' softmax over −d², one Adam step.</summary>
    private static (double Loss, double Accuracy) TrainEpisode(ImageEmbedder embedder, AdamOptimizer optimizer, FewShotEpisode episode, float[] pixels, double learningRate)
    {
        using var scope = NewDisposeScope();
        embedder.Module.train();
        var supportCount = episode.Support.Count;
        episode.Support.Pixels.Span.CopyTo(pixels);
        episode.Query.Pixels.Span.CopyTo(pixels.AsSpan(supportCount * episode.Support.PixelsPerImage));
        var count = supportCount + episode.Query.Count;
        var embeddings = embedder.Embed(pixels.AsSpan(0, count * embedder.PixelsPerImage), count);
        var supportLabels = tensor(episode.Support.Labels.Select(l => (long)l).ToArray());
        var queryLabels = tensor(episode.Query.Labels.Select(l => (long)l).ToArray());
        var prototypes = Prototypes.Compute(embeddings[..supportCount], supportLabels, episode.Ways);
        var logits = Prototypes.Logits(embeddings[supportCount..], prototypes);
        var loss = nn.functional.cross_entropy(logits, queryLabels);
        optimizer.ZeroGrad();
        loss.backward();
        optimizer.Step(learningRate);
        var accuracy = logits.argmax(1).eq(queryLabels).to(ScalarType.Float32).mean().item<float>();
        return (loss.item<float>(), accuracy);
    }

    private protected override (double Accuracy, string Description) Validate(TrainingRun run)
    {
        var options = TrainerOptions;
        var result = FewShotEvaluator.Evaluate(_embedder!, _validationSampler!, options.Ways, options.Shots, options.Queries, options.ValidationEpisodes,
            cancellation: options.CancellationToken);
        return (result.MeanAccuracy, result.ToString());
    }

    private protected override byte[] SnapshotWeights() => ModuleSnapshot.Take(_embedder!.Module);

    private protected override void RestoreWeights(byte[] snapshot) => ModuleSnapshot.Restore(_embedder!.Module, snapshot);

    private protected override void SaveModel(string path, TrainingHistory history)
    {
        var embedder = _embedder!;
        var featurizer = new ImageFeaturizerTransformer(Host, TrainerOptions.EmbeddingColumnName, TrainerOptions.ImageColumnName, embedder, history);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(TrainerOptions.ImageColumnName, new VectorDataViewType(NumberDataViewType.Single, embedder.Height, embedder.Width));
        Context.Model.Save(featurizer, schema.ToSchema(), path);
        embedder.Module.train();
    }
}
