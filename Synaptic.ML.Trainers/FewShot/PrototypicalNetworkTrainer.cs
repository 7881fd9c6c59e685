using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using TorchSharp;
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
public sealed class PrototypicalNetworkTrainer : IEstimator<ImageFeaturizerTransformer>
{
    private readonly IHost _host;

    internal PrototypicalNetworkTrainer(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        _host = env.Register(nameof(PrototypicalNetworkTrainer));
        TrainerOptions = options;
    }

    /// <summary>The options (read when <see cref="Fit"/> starts).</summary>
    public Options TrainerOptions { get; }

    /// <summary>Options of <see cref="PrototypicalNetworkTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The image column: a float vector of Height × Width pixels in [0, 1] (dimensions [H, W], or square). Default "Image".</summary>
        public string ImageColumnName { get; set; } = LabeledImages.Columns.Image;

        /// <summary>The class column (a key with class names, an integer or text). Default "Label".</summary>
        public string LabelColumnName { get; set; } = LabeledImages.Columns.Label;

        /// <summary>Name of the embedding column the trained featurizer appends. Default "Embedding".</summary>
        public string EmbeddingColumnName { get; set; } = "Embedding";

        /// <summary>The backbone. Default a spiking convolutional backbone (1→16→32, kernel 5, β 0.9, T 10, spike counts).</summary>
        public BackboneOptions Backbone { get; set; } = new SpikingConvBackboneOptions();

        /// <summary>N, classes per training episode. Default 5.</summary>
        public int Ways { get; set; } = 5;

        /// <summary>K, support images per class. Default 5.</summary>
        public int Shots { get; set; } = 5;

        /// <summary>Q, query images per class. Default 15.</summary>
        public int Queries { get; set; } = 15;

        /// <summary>Training episodes. Default 2,000.</summary>
        public int Episodes { get; set; } = 2_000;

        /// <summary>Adam learning rate. Default 1e-3.</summary>
        public double LearningRate { get; set; } = 1e-3;

        /// <summary>Halve the learning rate every this many episodes (0: never; Snell et al. use 2,000). Default 0.</summary>
        public int LearningRateHalvingInterval { get; set; }

        /// <summary>Data of the validation classes (other classes than the training data's), or null for no validation.</summary>
        public IDataView? ValidationData { get; set; }

        /// <summary>Validate every this many episodes. Default 100.</summary>
        public int ValidationInterval { get; set; } = 100;

        /// <summary>Episodes per validation (the same ones every time), with the training N, K and Q. Default 100.</summary>
        public int ValidationEpisodes { get; set; } = 100;

        /// <summary>Seed of the weights and the episodes; null takes one from the <c>MLContext</c>.</summary>
        public int? Seed { get; set; }

        /// <summary>TorchSharp intra-op threads during training (restored afterwards); null leaves the setting alone. Default null.</summary>
        public int? TorchThreads { get; set; }

        /// <summary>Directory where the best validated featurizer is saved as <c>best-featurizer.zip</c>; null for none.</summary>
        public string? CheckpointDirectory { get; set; }

        /// <summary>Receives a <see cref="FewShotTrainingProgress"/> after every episode, on the training thread.</summary>
        public IProgress<FewShotTrainingProgress>? Progress { get; set; }

        /// <summary>Cancels training between episodes.</summary>
        public CancellationToken CancellationToken { get; set; }

        internal void Validate()
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ImageColumnName, nameof(ImageColumnName));
            ArgumentException.ThrowIfNullOrWhiteSpace(LabelColumnName, nameof(LabelColumnName));
            ArgumentException.ThrowIfNullOrWhiteSpace(EmbeddingColumnName, nameof(EmbeddingColumnName));
            ArgumentNullException.ThrowIfNull(Backbone, nameof(Backbone));
            Backbone.Validate();
            if (Ways < 2)
                throw new ArgumentOutOfRangeException(nameof(Ways), Ways, "Episodes need at least 2 classes.");
            Positive(Shots, nameof(Shots));
            Positive(Queries, nameof(Queries));
            Positive(Episodes, nameof(Episodes));
            Positive(ValidationInterval, nameof(ValidationInterval));
            Positive(ValidationEpisodes, nameof(ValidationEpisodes));
            if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
                throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive and finite.");
            if (LearningRateHalvingInterval < 0)
                throw new ArgumentOutOfRangeException(nameof(LearningRateHalvingInterval), LearningRateHalvingInterval, "The halving interval cannot be negative.");
            if (TorchThreads is int threads && threads <= 0)
                throw new ArgumentOutOfRangeException(nameof(TorchThreads), threads, "TorchThreads must be positive.");
        }

        private static void Positive(int value, string name)
        {
            if (value <= 0)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    /// <summary>Trains on the classes present in <paramref name="input"/> and returns the featurizer (best validated network, when validating).</summary>
    /// <param name="input">Training images with labels.</param>
    /// <returns>The trained featurizer.</returns>
    /// <exception cref="ArgumentException">Invalid options, missing columns, images too small for the backbone, or fewer classes or examples than an episode needs.</exception>
    public ImageFeaturizerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var options = TrainerOptions;
        options.Validate();
        var train = LabeledImages.FromDataView(input, options.ImageColumnName, options.LabelColumnName);
        var validation = options.ValidationData is { } v ? LabeledImages.FromDataView(v, options.ImageColumnName, options.LabelColumnName) : null;
        if (validation is not null && (validation.Height != train.Height || validation.Width != train.Width))
            throw new ArgumentException($"The validation images are {validation.Height}×{validation.Width}; the training images are {train.Height}×{train.Width}.");
        var seed = options.Seed ?? _host.Rand.Next();
        var threads = torch.get_num_threads();
        if (options.TorchThreads is int t)
            torch.set_num_threads(t);
        try
        {
            return Train(train, validation, (ulong)(uint)seed);
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    /// <summary>The output schema: the input plus the embedding column.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        ImageFeaturizerEstimator.OutputSchema(inputSchema, TrainerOptions.ImageColumnName, TrainerOptions.EmbeddingColumnName, nameof(PrototypicalNetworkTrainer));

    private ImageFeaturizerTransformer Train(LabeledImages train, LabeledImages? validation, ulong seed)
    {
        var options = TrainerOptions;
        var embedder = new ImageEmbedder(options.Backbone, train.Height, train.Width, seed);
        var sampler = new FewShotEpisodeSampler(train, PresentClasses(train), seed);
        var validationSampler = validation is null ? null : new FewShotEpisodeSampler(validation, PresentClasses(validation), seed ^ 0x5A11DA7E);
        var history = new FewShotTrainingHistory();
        using var optimizer = new AdamOptimizer(embedder.Module.parameters());
        using var channel = _host.Start("Training");
        channel.Info(MessageSensitivity.None, $"Prototypical network, {options.Backbone}: {options.Episodes} episodes of {options.Ways}-way {options.Shots}-shot {options.Queries}-query on {sampler.Classes.Count} classes, seed {seed}.");
        var clock = Stopwatch.StartNew();
        var outside = TimeSpan.Zero;
        double? lastValidation = null;
        var best = double.NegativeInfinity;
        byte[] bestWeights = [];
        var pixels = new float[options.Ways * (options.Shots + options.Queries) * train.PixelsPerImage];
        var recent = new Queue<double>();
        var recentSum = 0.0;
        for (var e = 0; e < options.Episodes; e++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var episode = sampler.Episode(e, options.Ways, options.Shots, options.Queries);
            var learningRate = options.LearningRateHalvingInterval > 0
                ? options.LearningRate * Math.Pow(0.5, e / options.LearningRateHalvingInterval)
                : options.LearningRate;
            var (loss, accuracy) = TrainEpisode(embedder, optimizer, episode, pixels, learningRate);
            history.AddEpisode(e, loss, accuracy, (clock.Elapsed - outside).TotalSeconds);
            recent.Enqueue(accuracy);
            recentSum += accuracy;
            if (recent.Count > 100)
                recentSum -= recent.Dequeue();

            if (validationSampler is not null && ((e + 1) % options.ValidationInterval == 0 || e + 1 == options.Episodes))
            {
                var pause = clock.Elapsed;
                var result = FewShotEvaluator.Evaluate(embedder, validationSampler, options.Ways, options.Shots, options.Queries, options.ValidationEpisodes,
                    cancellation: options.CancellationToken);
                lastValidation = result.MeanAccuracy;
                history.AddValidation(e + 1, result.MeanAccuracy);
                channel.Info(MessageSensitivity.None, $"Episode {e + 1}: validation {result}.");
                if (result.MeanAccuracy > best)
                {
                    best = result.MeanAccuracy;
                    bestWeights = ModuleSnapshot.Take(embedder.Module);
                    if (options.CheckpointDirectory is string directory)
                        SaveBest(directory, embedder, history);
                }
                outside += clock.Elapsed - pause;
            }
            options.Progress?.Report(new FewShotTrainingProgress(e + 1, options.Episodes, recentSum / recent.Count, lastValidation, (clock.Elapsed - outside).TotalSeconds));
        }
        if (bestWeights.Length > 0)
        {
            ModuleSnapshot.Restore(embedder.Module, bestWeights);
            channel.Info(MessageSensitivity.None, $"Returning the network of the best validation ({best:P2}).");
        }
        embedder.Module.eval();
        return new ImageFeaturizerTransformer(_host, options.EmbeddingColumnName, options.ImageColumnName, embedder, history);
    }

    /// <summary>The classes with at least one image (a view of some classes keeps the whole label key).</summary>
    private static IEnumerable<int> PresentClasses(LabeledImages images) =>
        Enumerable.Range(0, images.ClassCount).Where(c => images.ExamplesOf(c).Count > 0);

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

    private void SaveBest(string directory, ImageEmbedder embedder, FewShotTrainingHistory history)
    {
        Directory.CreateDirectory(directory);
        var featurizer = new ImageFeaturizerTransformer(_host, TrainerOptions.EmbeddingColumnName, TrainerOptions.ImageColumnName, embedder, history);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(TrainerOptions.ImageColumnName, new VectorDataViewType(NumberDataViewType.Single, embedder.Height, embedder.Width));
        new MLContext().Model.Save(featurizer, schema.ToSchema(), Path.Combine(directory, "best-featurizer.zip"));
        embedder.Module.train();
    }
}
