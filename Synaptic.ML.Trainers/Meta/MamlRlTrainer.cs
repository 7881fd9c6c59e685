using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Model-agnostic meta-learning for reinforcement learning (Finn, Abbeel and Levine, 2017, Algorithm 3): learns an
/// initial MLP policy θ from which a few policy-gradient steps on a new task's own episodes give a good policy for that
/// task. Each meta-iteration draws <see cref="Options.MetaBatchSize"/> tasks; on each it plays
/// <see cref="Options.InnerEpisodes"/> episodes, takes <see cref="Options.InnerSteps"/> REINFORCE steps
/// θ'ᵢ = θ − α∇L_Tᵢ(θ) (new episodes for each step), plays episodes with θ'ᵢ, and the meta-loss Σᵢ L_Tᵢ(θ'ᵢ) is
/// minimised over θ with Adam, differentiating through the inner steps (second order, or first order without their
/// Hessian term). <c>Fit</c> returns the meta-learned initial policy; <see cref="Adapt"/> adapts it to a task and
/// returns a policy of the same family (an actor-critic <see cref="PolicyTransformer"/> without a critic) that saves,
/// loads and evaluates like any other.
/// </summary>
/// <remarks>
/// <para>The outer update is the plain policy gradient of the adapted policies with Adam, where Finn et al. use TRPO;
/// like their implementation it ignores how θ changes the distribution of the pre-update episodes.</para>
/// <para>History: per meta-iteration, <see cref="MetaRlMetricKeys.ReturnBeforeAdaptation"/>,
/// <see cref="MetaRlMetricKeys.ReturnAfterAdaptation"/> (mean undiscounted episode returns over the meta-batch) and
/// <see cref="MetricKeys.Loss"/> (the meta-loss).</para>
/// </remarks>
public sealed class MamlRlTrainer : TrainerBase<MamlRlTrainer.Options, PolicyTransformer>, ITrainingSubject
{
    private PolicyArchitecture? _architecture;
    private ActorCritic? _network;
    private MamlRlInnerLoop? _inner;

    internal MamlRlTrainer(MLContext context, Options options) : base(context, options, nameof(MamlRlTrainer))
    {
    }

    /// <summary>
    /// Options of <see cref="MamlRlTrainer"/>. The defaults are Finn et al.'s 2-D navigation set-up (one inner step of 20
    /// episodes, 20 tasks per meta-batch) with α, the outer learning rate and the iterations tuned on 5×5 GridWorld goals
    /// (docs/meta-rl.md).
    /// </summary>
    public sealed class Options : TrainerOptions
    {
        /// <summary>Creates the options; one TorchSharp thread by default (small networks run fastest so, and bit-reproducibly).</summary>
        public Options()
        {
            TorchThreads = 1;
        }

        /// <summary>The task family (required), e.g. <see cref="MetaRlTaskDistribution.GridWorldGoals"/>.</summary>
        public MetaRlTaskDistribution? Tasks { get; set; }

        /// <summary>The policy network: an MLP whose functional forward the inner loop differentiates through. Default [64, 64] tanh.</summary>
        public MlpPolicyOptions Policy { get; set; } = new();

        /// <summary>Policy-gradient steps in the inner loop, zero or more (zero only with <see cref="FirstOrder"/>). Default 1.</summary>
        public int InnerSteps { get; set; } = 1;

        /// <summary>α, the learning rate of the inner policy-gradient steps (plain gradient descent). Default 0.5.</summary>
        public double InnerLearningRate { get; set; } = 0.5;

        /// <summary>Episodes played per inner step and for the meta-loss (each in its own environment). Default 20, as Finn et al.</summary>
        public int InnerEpisodes { get; set; } = 20;

        /// <summary>Tasks per meta-iteration. Default 20.</summary>
        public int MetaBatchSize { get; set; } = 20;

        /// <summary>Meta-iterations (outer Adam steps), zero or more; zero returns the untrained initial policy (a baseline for comparisons). Default 100.</summary>
        public int MetaIterations { get; set; } = 100;

        /// <summary>Adam learning rate of the outer (meta) update. Default 3e-3.</summary>
        public double OuterLearningRate { get; set; } = 3e-3;

        /// <summary>
        /// Whether the meta-gradient drops the inner steps' second derivatives (first-order MAML: θ' is treated as θ plus
        /// a constant). Default false: the inner gradients are differentiated through (TorchSharp's <c>create_graph</c>).
        /// </summary>
        public bool FirstOrder { get; set; }

        /// <summary>Discount factor γ in [0, 1] of the returns. Default 0.99.</summary>
        public double Gamma { get; set; } = 0.99;

        /// <summary>What is subtracted from the returns. Default <see cref="MetaRlBaseline.MeanReturn"/>.</summary>
        public MetaRlBaseline Baseline { get; set; } = MetaRlBaseline.MeanReturn;

        /// <summary>Whether each batch's advantages are standardised (mean 0, standard deviation 1), which makes α independent of the reward scale. Default true.</summary>
        public bool NormalizeAdvantages { get; set; } = true;

        /// <summary>
        /// Evaluate every this many meta-iterations (and after the last) (0: never). An evaluation adapts the current
        /// initial policy with <see cref="InnerSteps"/> steps to each of <see cref="EvaluationTasks"/> tasks (the same
        /// ones every time, drawn from seeds apart from training's) and records the mean return of
        /// <see cref="InnerEpisodes"/> episodes of each adapted policy under <see cref="MetricKeys.EvaluationMeanReturn"/>. Default 0.
        /// </summary>
        public int EvaluationInterval { get; set; }

        /// <summary>Tasks per evaluation. Default 10.</summary>
        public int EvaluationTasks { get; set; } = 10;

        /// <summary>
        /// Whether <c>Fit</c> returns the initial policy of the best evaluation rather than the last one (needs
        /// <see cref="EvaluationInterval"/> &gt; 0); with a <see cref="TrainerOptions.CheckpointDirectory"/> the best is also saved there. Default false.
        /// </summary>
        public bool ReturnBestEvaluatedPolicy { get; set; }

        /// <summary>Name of the observation column read by the policy. Default "Observation".</summary>
        public string ObservationColumnName { get; set; } = "Observation";

        /// <summary>Names of the columns the policy appends. Default Action, ActionProbabilities, …</summary>
        public PolicyColumnNames OutputColumns { get; set; } = new();

        internal override void Validate()
        {
            base.Validate();
            OptionChecks.NotNull(Tasks, nameof(Tasks));
            OptionChecks.NotNull(Policy, nameof(Policy));
            Policy.Validate();
            OptionChecks.NotNegative(InnerSteps, nameof(InnerSteps));
            if (!double.IsFinite(InnerLearningRate) || InnerLearningRate <= 0)
                throw new ArgumentOutOfRangeException(nameof(InnerLearningRate), InnerLearningRate,
                    $"{nameof(InnerLearningRate)} must be a positive finite number; it is {InnerLearningRate}.");
            OptionChecks.Requires(InnerSteps > 0 || FirstOrder,
                $"{nameof(InnerSteps)} is 0 but second-order MAML was requested ({nameof(FirstOrder)} = false): with no inner step there is nothing to differentiate through. Set {nameof(InnerSteps)} ≥ 1 or {nameof(FirstOrder)} = true.");
            OptionChecks.Positive(InnerEpisodes, nameof(InnerEpisodes));
            OptionChecks.Positive(MetaBatchSize, nameof(MetaBatchSize));
            OptionChecks.NotNegative(MetaIterations, nameof(MetaIterations));
            OptionChecks.PositiveFinite(OuterLearningRate, nameof(OuterLearningRate));
            OptionChecks.Unit(Gamma, nameof(Gamma));
            if (!Enum.IsDefined(Baseline))
                throw new ArgumentOutOfRangeException(nameof(Baseline), Baseline, $"Unknown {nameof(MetaRlBaseline)} {(int)Baseline}.");
            OptionChecks.NotNegative(EvaluationInterval, nameof(EvaluationInterval));
            OptionChecks.Positive(EvaluationTasks, nameof(EvaluationTasks));
            OptionChecks.Requires(!ReturnBestEvaluatedPolicy || EvaluationInterval > 0, "ReturnBestEvaluatedPolicy needs evaluations: set EvaluationInterval > 0.");
            OptionChecks.NotEmpty(ObservationColumnName, nameof(ObservationColumnName));
            OptionChecks.NotNull(OutputColumns, nameof(OutputColumns));
            OutputColumns.Validate();
        }
    }

    private protected override (string Key, MetricRowKind Rows) Headline => (MetaRlMetricKeys.ReturnAfterAdaptation, MetricRowKind.Iteration);

    /// <summary>The output schema: the input's columns plus Action and ActionProbabilities.</summary>
    /// <param name="inputSchema">The input schema shape; it must hold the observation column.</param>
    /// <returns>The output schema shape.</returns>
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainerOptions.Validate();
        var column = inputSchema.LastOrDefault(c => c.Name == TrainerOptions.ObservationColumnName);
        if (column.Name is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is not in the schema.");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' must be a known-size vector of Single.");
        var head = ProbeArchitecture().Head;
        var names = TrainerOptions.OutputColumns;
        var added = new DataViewSchema.Builder();
        added.AddColumn(names.Action, NumberDataViewType.Int32);
        added.AddColumn(names.NameOf(PolicyOutputRoles.ActionProbabilities), new VectorDataViewType(NumberDataViewType.Single, head.ParameterCount));
        var shape = MlNetModelIO.CreateSchemaShape(added.ToSchema());
        var addedNames = shape.Select(c => c.Name).ToHashSet();
        return new SchemaShape(inputSchema.Where(c => !addedNames.Contains(c.Name)).Concat(shape));
    }

    /// <summary>
    /// Adapts a meta-learned policy to one task: <paramref name="steps"/> inner-loop steps, each on
    /// <see cref="Options.InnerEpisodes"/> new episodes played with the policy adapted so far, with the options'
    /// α, γ, baseline and normalisation. Adapting with the same seed for more steps continues the same sequence.
    /// </summary>
    /// <param name="policy">The policy from <c>Fit</c> (or any MLP actor-critic policy over the task's spaces).</param>
    /// <param name="task">Makes environments of the task (with a time limit), e.g. <see cref="MetaRlTaskDistribution.Sample"/>.</param>
    /// <param name="steps">Inner steps, zero or more (zero returns a copy of <paramref name="policy"/>).</param>
    /// <param name="seed">Seed of the adaptation episodes.</param>
    /// <returns>The adapted policy, a new transformer (dispose it when done).</returns>
    /// <exception cref="ArgumentException">The task's spaces are not the policy's.</exception>
    /// <exception cref="NotSupportedException">The policy is not an MLP over Discrete actions.</exception>
    public PolicyTransformer Adapt(PolicyTransformer policy, Func<Env> task, int steps, int seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        TrainerOptions.Validate();
        if (policy.Model is not ActorCriticPolicy)
            throw new NotSupportedException($"MAML-RL adapts actor-critic network policies; this is a {policy.Model.Kind} policy.");
        using var torch = TorchScope.Enter(TrainerOptions.TorchThreads);
        var source = policy.Module;
        var inner = CreateInnerLoop(source.Architecture);
        var network = source.Architecture.Build(0);
        ModuleSnapshot.Restore(network, ModuleSnapshot.Take(source));
        var random = SplitMix64.ForStream((ulong)(uint)seed, 0xADA97);
        var parameters = network.parameters().ToArray();
        var weights = parameters.Take(inner.ActorTensorCount).Select(p => p.detach().clone().requires_grad_(true)).ToArray();
        for (var k = 0; k < steps; k++)
        {
            using var scope = NewDisposeScope();
            var (loss, _) = inner.EpisodeLoss(weights, task, random.NextInt(int.MaxValue), $"Adaptation step {k}");
            var adapted = inner.Step(weights, loss, createGraph: false);
            foreach (var w in weights)
                w.Dispose();
            weights = adapted.Select(w => w.detach().requires_grad_(true).MoveToOuterDisposeScope()).ToArray();
        }
        using (no_grad())
        {
            for (var i = 0; i < weights.Length; i++)
                parameters[i].copy_(weights[i]);
        }
        foreach (var w in weights)
            w.Dispose();
        return new PolicyTransformer(Host, TrainerOptions.ObservationColumnName, TrainerOptions.OutputColumns, new ActorCriticPolicy(network), null);
    }

    /// <summary>Checks the observation column against the task family's observation space.</summary>
    private protected override void CheckInput(IDataView input)
    {
        var architecture = ProbeArchitecture();
        var column = input.Schema.GetColumnOrNull(TrainerOptions.ObservationColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is not in the input schema (columns: {string.Join(", ", input.Schema.Select(c => c.Name))}).");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } vector || item != NumberDataViewType.Single
            || vector.Size != architecture.ObservationSize)
            throw new ArgumentOutOfRangeException(nameof(input),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is {column.Type}; the tasks of '{TrainerOptions.Tasks}' observe vectors of {architecture.ObservationSize} Single values.");
        _architecture = architecture;
    }

    private protected override PolicyTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var tasks = options.Tasks!;
        var network = _architecture!.Build((ulong)(uint)seed);
        var inner = CreateInnerLoop(_architecture);
        (_network, _inner) = (network, inner);
        var theta = network.parameters().Take(inner.ActorTensorCount).ToArray();
        using var optimizer = new AdamOptimizer(network.parameters());
        var random = SplitMix64.ForStream((ulong)(uint)seed, 0x3A41);
        var history = new TrainingHistory();
        var run = BeginRun(this, seed, options.MetaIterations, "meta-iterations", history, resumeFrom: null,
            $"{(options.FirstOrder ? "first" : "second")}-order MAML, {options.Policy} on {tasks}: {options.MetaIterations} meta-iterations of {options.MetaBatchSize} tasks, "
            + $"{options.InnerSteps} inner steps of {options.InnerEpisodes} episodes, α {options.InnerLearningRate}, Adam {options.OuterLearningRate}");
        for (var m = 0; m < options.MetaIterations; m++)
        {
            run.ThrowIfCancelled();
            optimizer.ZeroGrad();
            double before = 0, after = 0, metaLoss = 0;
            for (var b = 0; b < options.MetaBatchSize; b++)
            {
                using var scope = NewDisposeScope();
                var taskSeed = random.NextInt(int.MaxValue);
                var task = tasks.Sample(taskSeed);
                var name = $"Task {b} of meta-iteration {m} (seed {taskSeed}) of '{tasks}'";
                IReadOnlyList<Tensor> weights = theta;
                for (var k = 0; k < options.InnerSteps; k++)
                {
                    var (innerLoss, innerReturn) = inner.EpisodeLoss(weights, task, random.NextInt(int.MaxValue), name);
                    if (k == 0)
                        before += innerReturn;
                    weights = inner.Step(weights, innerLoss, createGraph: !options.FirstOrder);
                }
                var (outerLoss, adaptedReturn) = inner.EpisodeLoss(weights, task, random.NextInt(int.MaxValue), name);
                if (options.InnerSteps == 0)
                    before += adaptedReturn;
                after += adaptedReturn;
                metaLoss += outerLoss.item<float>();
                (outerLoss / options.MetaBatchSize).backward();
            }
            optimizer.Step(options.OuterLearningRate);

            run.Iteration = m + 1;
            run.Steps = m + 1;
            run.IsLastIteration = m + 1 == options.MetaIterations;
            run.Record(MetricKeys.Loss, metaLoss / options.MetaBatchSize);
            run.Record(MetaRlMetricKeys.ReturnBeforeAdaptation, before / options.MetaBatchSize);
            run.Record(MetaRlMetricKeys.ReturnAfterAdaptation, after / options.MetaBatchSize);
            if (!EndIteration(run))
                break;
        }
        EndRun(run);
        (_network, _inner) = (null, null);
        return new PolicyTransformer(Host, options.ObservationColumnName, options.OutputColumns, new ActorCriticPolicy(network), history);
    }

    private protected override IEnumerable<TrainingCallback> CreateCallbacks(ITrainingSubject subject)
    {
        if (TrainerOptions.EvaluationInterval == 0)
            yield break;
        yield return new EvaluationCallback(subject, TrainerOptions.EvaluationInterval, atEnd: true);
        if (TrainerOptions.ReturnBestEvaluatedPolicy || TrainerOptions.CheckpointDirectory is not null)
            yield return new KeepBestCallback(subject, TrainerOptions.ReturnBestEvaluatedPolicy, TrainerOptions.CheckpointDirectory);
    }

    /// <summary>The mean return after adapting the current initial policy to each evaluation task (first-order steps: no meta-gradient is needed).</summary>
    private (double Score, string Description) Evaluate(TrainingRun run)
    {
        var options = TrainerOptions;
        var inner = _inner!;
        var theta = _network!.parameters().Take(inner.ActorTensorCount).ToArray();
        var returns = new double[options.EvaluationTasks];
        for (var j = 0; j < returns.Length; j++)
        {
            using var scope = NewDisposeScope();
            // Evaluation tasks and episodes have seeds of their own, the same at every evaluation.
            var taskSeed = run.Seed + 1_000_000 + j;
            var task = options.Tasks!.Sample(taskSeed);
            var name = $"Evaluation task {j} (seed {taskSeed}) of '{options.Tasks}'";
            IReadOnlyList<Tensor> weights = theta.Select(p => p.detach().requires_grad_(true)).ToArray();
            for (var k = 0; k < options.InnerSteps; k++)
            {
                var (loss, _) = inner.EpisodeLoss(weights, task, taskSeed * 31 + k, name);
                weights = inner.Step(weights, loss, createGraph: false).Select(w => w.detach().requires_grad_(true)).ToArray();
            }
            returns[j] = inner.EpisodeLoss(weights, task, taskSeed * 31 + options.InnerSteps, name).MeanReturn;
        }
        var mean = returns.Average();
        return (mean, $"mean return {mean:F3} after {options.InnerSteps} adaptation steps on {returns.Length} tasks");
    }

    private MamlRlInnerLoop CreateInnerLoop(PolicyArchitecture architecture)
    {
        var o = TrainerOptions;
        return new MamlRlInnerLoop(architecture, o.Gamma, o.InnerEpisodes, o.Baseline, o.NormalizeAdvantages, o.InnerLearningRate);
    }

    /// <summary>The policy's architecture for the task family, from a probe task (its spaces fix the network's input and output).</summary>
    private PolicyArchitecture ProbeArchitecture()
    {
        var probe = TrainerOptions.Tasks!.Sample(0)();
        try
        {
            if (probe.ActionSpace is not DiscreteSpace)
                throw new NotSupportedException($"{Name} learns policies over Discrete actions; the tasks of '{TrainerOptions.Tasks}' act in {probe.ActionSpace}.");
            return new PolicyArchitecture(TrainerOptions.Policy, null, probe.ObservationSpace.Size, ActionHead.For(probe.ActionSpace, probe.Id), 0);
        }
        finally
        {
            (probe as IDisposable)?.Dispose();
        }
    }

    string ITrainingSubject.EvaluationKey => MetricKeys.EvaluationMeanReturn;

    string ITrainingSubject.BestModelFileName => "best-policy.zip";

    (double Score, string Description) ITrainingSubject.Evaluate(TrainingRun run) => Evaluate(run);

    byte[] ITrainingSubject.SnapshotWeights() => ModuleSnapshot.Take(_network!);

    void ITrainingSubject.RestoreWeights(byte[] snapshot) => ModuleSnapshot.Restore(_network!, snapshot);

    void ITrainingSubject.SaveModel(string path, TrainingHistory history)
    {
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(TrainerOptions.ObservationColumnName, new VectorDataViewType(NumberDataViewType.Single, _architecture!.ObservationSize));
        // The saved policy gets a copy of the network, so training goes on with its own.
        var copy = _architecture.Build(0);
        ModuleSnapshot.Restore(copy, ModuleSnapshot.Take(_network!));
        using var policy = new PolicyTransformer(Host, TrainerOptions.ObservationColumnName, TrainerOptions.OutputColumns, new ActorCriticPolicy(copy), history);
        Context.Model.Save(policy, schema.ToSchema(), path);
    }
}
