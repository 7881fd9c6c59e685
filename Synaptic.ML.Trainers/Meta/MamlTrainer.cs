using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Data;
using Synaptic.ML.Persistence;
using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Model-Agnostic Meta-Learning for few-shot classification (Finn et al., 2017): each training iteration draws a
/// meta-batch of N-way K-shot tasks; for each, the inner loop adapts the weights θ to the task's support with
/// <see cref="Options.InnerSteps"/> gradient steps of rate α, and the adapted weights' cross-entropy on the task's
/// queries, averaged over the meta-batch, is minimised over θ with Adam. Second-order MAML differentiates through the
/// inner steps (TorchSharp's autograd with <c>create_graph</c>); first-order MAML treats the support gradients as
/// constants; Meta-SGD (Li et al., 2017) also learns one inner rate per weight. The backbone is artificial (by default
/// the paper's four 3×3 convolutions of 64 channels) or spiking. <c>Fit</c> returns the meta-learned
/// <see cref="MamlTransformer"/>, whose <see cref="MamlTransformer.Adapt(IDataView, string, int?, PrototypeColumnNames?)"/>
/// builds a classifier for any support set of N classes.
/// </summary>
public sealed class MamlTrainer : EpisodicTrainer<MamlTrainer.Options, MamlTransformer>
{
    private MamlNetwork? _network;
    private FewShotEpisodeSampler? _validationSampler;

    internal MamlTrainer(MLContext context, Options options) : base(context, options, nameof(MamlTrainer))
    {
    }

    /// <summary>Options of <see cref="MamlTrainer"/>. <see cref="EpisodicTrainerOptions.Episodes"/> counts meta-batches.</summary>
    public sealed class Options : EpisodicTrainerOptions
    {
        /// <summary>
        /// The backbone. Default the paper's: four 3×3 convolutions of 64 channels with padding 1, each followed by ReLU and
        /// 2×2 max-pooling (28×28 images give 64 features), without the paper's batch normalisation. A spiking backbone
        /// (<see cref="SpikingConvBackboneOptions"/>) works in both orders.
        /// </summary>
        public BackboneOptions Backbone { get; set; } = new ConvBackboneOptions { Channels = [64, 64, 64, 64], KernelSize = 3, Padding = 1 };

        /// <summary>Inner-loop gradient steps per task during meta-training. Default 1 (the paper's Omniglot setting).</summary>
        public int InnerSteps { get; set; } = 1;

        /// <summary>α, the inner-loop learning rate. Default 0.4 (the paper's Omniglot setting).</summary>
        public double InnerLearningRate { get; set; } = 0.4;

        /// <summary>
        /// Inner steps when adapting at validation and test time, and the trained model's default; null for
        /// <see cref="InnerSteps"/>. Default null. (The paper took 3 at test time after training with 1; on the digits here
        /// more steps than in training overshoot at α = 0.4.)
        /// </summary>
        public int? EvaluationInnerSteps { get; set; }

        internal int AdaptationSteps => EvaluationInnerSteps ?? InnerSteps;

        /// <summary>Tasks per meta-batch (one Adam step). Default 4 (the paper used 32 for Omniglot).</summary>
        public int MetaBatchSize { get; set; } = 4;

        /// <summary>First-order MAML: the meta-gradient ignores the inner steps' second derivatives. Default false (second order).</summary>
        public bool FirstOrder { get; set; }

        /// <summary>Meta-SGD: learn one inner learning rate per weight, starting at <see cref="InnerLearningRate"/>. Default false.</summary>
        public bool LearnInnerLearningRates { get; set; }

        /// <summary>ε of the Adam meta-optimiser. Default 1e-8 (PyTorch's).</summary>
        public double AdamEpsilon { get; set; } = 1e-8;

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.NotNull(Backbone, nameof(Backbone));
            Backbone.Validate();
            OptionChecks.NotNegative(InnerSteps, nameof(InnerSteps));
            if (InnerSteps == 0 && !FirstOrder)
                throw new ArgumentOutOfRangeException(nameof(InnerSteps), InnerSteps,
                    $"Second-order MAML ({nameof(FirstOrder)} = false) differentiates through the inner steps, so {nameof(InnerSteps)} must be at least 1; it is 0.");
            if (!double.IsFinite(InnerLearningRate) || InnerLearningRate <= 0)
                throw new ArgumentOutOfRangeException(nameof(InnerLearningRate), InnerLearningRate,
                    $"{nameof(InnerLearningRate)} must be a positive finite number; it is {InnerLearningRate}.");
            if (EvaluationInnerSteps is int steps)
                OptionChecks.NotNegative(steps, nameof(EvaluationInnerSteps));
            OptionChecks.Positive(MetaBatchSize, nameof(MetaBatchSize));
            OptionChecks.PositiveFinite(AdamEpsilon, nameof(AdamEpsilon));
        }
    }

    private protected override string BestModelFileName => "best-maml.zip";

    private protected override MamlTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var train = TrainingImages!;
        var randomSeed = (ulong)(uint)seed;
        var network = new MamlNetwork(options.Backbone, train.Height, train.Width, options.Ways, options.InnerLearningRate, options.LearnInnerLearningRates, randomSeed);
        _network = network;
        var sampler = EpisodeSampler(train, randomSeed);
        _validationSampler = ValidationSampler(randomSeed);
        var history = new TrainingHistory();
        using var optimizer = new AdamOptimizer(network.MetaParameters, epsilon: options.AdamEpsilon);
        var order = options.FirstOrder ? "first-order" : "second-order";
        var run = BeginRun(this, seed, options.Episodes, "meta-batches", history, resumeFrom: null,
            $"{order} MAML{(options.LearnInnerLearningRates ? " (Meta-SGD)" : "")}, {options.Backbone}: {options.Episodes} meta-batches of {options.MetaBatchSize} "
            + $"{options.Ways}-way {options.Shots}-shot {options.Queries}-query tasks on {sampler.Classes.Count} classes, {options.InnerSteps} inner step(s) of α = {options.InnerLearningRate}");
        for (var b = 0; b < options.Episodes; b++)
        {
            run.ThrowIfCancelled();
            // Held off from the collector: the inner loop's operators make native scalars on the fly (docs/torchsharp.md).
            var (loss, accuracy) = CollectorPause.Run(() => TrainMetaBatch(network, optimizer, sampler, b));
            if (!EndEpisode(run, b, loss, accuracy))
                break;
        }
        EndRun(run);
        _network = null;
        return new MamlTransformer(Host, options.EmbeddingColumnName, options.ImageColumnName, network, options.AdaptationSteps, history);
    }

    private (double Loss, double Accuracy) TrainMetaBatch(MamlNetwork network, AdamOptimizer optimizer, FewShotEpisodeSampler sampler, int batch)
    {
        var options = TrainerOptions;
        return TrainMetaBatch(network, optimizer, t => sampler.Episode((long)batch * options.MetaBatchSize + t, options.Ways, options.Shots, options.Queries),
            options.MetaBatchSize, options.InnerSteps, options.FirstOrder ? MamlGradient.FirstOrder : MamlGradient.SecondOrder, options.LearningRate);
    }

    /// <summary>
    /// One meta-batch: per task, adapt to the support, take the query loss of the adapted weights and backpropagate it
    /// (divided by the meta-batch size, so θ's gradient is the mean); then one Adam step. Returns the mean query loss
    /// and accuracy after adaptation. Internal so that the benchmark times exactly the trainer's step.
    /// </summary>
    /// <param name="network">The network whose θ is meta-learned.</param>
    /// <param name="optimizer">Adam over <see cref="MamlNetwork.MetaParameters"/>.</param>
    /// <param name="task">The meta-batch's task t, for t from 0 to <paramref name="tasks"/> − 1.</param>
    /// <param name="tasks">Tasks in the meta-batch.</param>
    /// <param name="innerSteps">Inner steps per task.</param>
    /// <param name="mode">How the inner steps enter the meta-gradient.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    internal static (double Loss, double Accuracy) TrainMetaBatch(MamlNetwork network, AdamOptimizer optimizer, Func<int, FewShotEpisode> task, int tasks,
        int innerSteps, MamlGradient mode, double learningRate)
    {
        optimizer.ZeroGrad();
        double loss = 0, accuracy = 0;
        for (var t = 0; t < tasks; t++)
        {
            using var scope = NewDisposeScope();
            var episode = task(t);
            var (support, supportLabels) = network.Batch(episode.Support);
            var (query, queryLabels) = network.Batch(episode.Query);
            var adapted = network.Adapt(support, supportLabels, innerSteps, mode);
            var logits = network.Logits(query, adapted);
            var queryLoss = nn.functional.cross_entropy(logits, queryLabels);
            (queryLoss / tasks).backward();
            loss += queryLoss.item<float>();
            accuracy += logits.argmax(1).eq(queryLabels).to(ScalarType.Float32).mean().item<float>();
        }
        optimizer.Step(learningRate);
        return (loss / tasks, accuracy / tasks);
    }

    private protected override (double Accuracy, string Description) Validate(TrainingRun run)
    {
        var options = TrainerOptions;
        var network = _network!;
        var result = FewShotEvaluator.Evaluate(_validationSampler!, options.Ways, options.Shots, options.Queries, options.ValidationEpisodes,
            episode => network.Predict(episode, options.AdaptationSteps), cancellation: options.CancellationToken);
        return (result.MeanAccuracy, result.ToString());
    }

    private protected override byte[] SnapshotWeights() => ModuleSnapshot.Take(_network!);

    private protected override void RestoreWeights(byte[] snapshot) => ModuleSnapshot.Restore(_network!, snapshot);

    private protected override void SaveModel(string path, TrainingHistory history)
    {
        var network = _network!;
        var model = new MamlTransformer(Host, TrainerOptions.EmbeddingColumnName, TrainerOptions.ImageColumnName, network, TrainerOptions.AdaptationSteps, history);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(TrainerOptions.ImageColumnName, new VectorDataViewType(NumberDataViewType.Single, network.Embedder.Height, network.Embedder.Width));
        Context.Model.Save(model, schema.ToSchema(), path);
    }
}
