using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Persistence;
using Synaptic.ML.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The machinery shared by the on-policy trainers: an ML.NET estimator whose <c>Fit</c> checks the observation
/// column against the environment, builds the policy, then alternates rollouts (vector environments, actions
/// drawn from the policy) and the algorithm's update until the step budget is spent, with evaluations,
/// checkpoints, resumption, progress, logging and cancellation. Each algorithm adds only its loss.
/// </summary>
/// <typeparam name="TOptions">The algorithm's options.</typeparam>
public abstract class OnPolicyTrainer<TOptions> : IEstimator<PolicyTransformer>
    where TOptions : OnPolicyOptions
{
    private ActorCritic? _network;
    private AdamOptimizer? _optimizer;
    private SplitMix64 _updateRandom;

    private protected OnPolicyTrainer(IHostEnvironment env, TOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        Host = env.Register(name);
        Name = name;
        TrainerOptions = options;
    }

    /// <summary>The options (read when <see cref="Fit"/> starts).</summary>
    public TOptions TrainerOptions { get; }

    private protected IHost Host { get; }

    private protected string Name { get; }

    /// <summary>The network being trained (during <see cref="Fit"/>).</summary>
    private protected ActorCritic Network => _network ?? throw new InvalidOperationException("No training is running.");

    /// <summary>The generator of the update's own draws (minibatch order); saved in checkpoints.</summary>
    private protected ref SplitMix64 UpdateRandom => ref _updateRandom;

    /// <summary>Steps per sub-environment in one rollout (complete-episode rollouts: the initial buffer size).</summary>
    private protected abstract int StepsPerRollout { get; }

    /// <summary>Whether each rollout resets the sub-environments and runs each for one whole episode.</summary>
    private protected virtual bool CollectsCompleteEpisodes => false;

    /// <summary>Whether the policy has a critic.</summary>
    private protected virtual bool UsesCritic => true;

    /// <summary>Fills <see cref="RolloutBuffer.Advantages"/> and <see cref="RolloutBuffer.Returns"/>.</summary>
    private protected abstract void ComputeAdvantages(RolloutBuffer buffer);

    /// <summary>Where training is for the schedules of the update being made (set before each <see cref="Update"/>).</summary>
    private protected SchedulePoint SchedulePoint { get; private set; }

    /// <summary>Improves the policy from one rollout.</summary>
    /// <param name="batch">The rollout's samples.</param>
    /// <param name="learningRate">The learning rate for this update.</param>
    /// <param name="progress">Fraction of the budget used, in [0, 1].</param>
    /// <returns>The update's statistics.</returns>
    private protected abstract UpdateStatistics Update(RolloutTensors batch, double learningRate, double progress);

    /// <summary>Refuses action spaces the algorithm cannot handle (all are accepted by default).</summary>
    /// <param name="head">The action distribution chosen for the environment.</param>
    /// <param name="environmentId">The environment, for messages.</param>
    private protected virtual void CheckActionHead(ActionHead head, string environmentId)
    {
    }

    /// <summary>
    /// Trains a policy. The input's schema must hold the observation column as a float vector of the
    /// environment's observation size (an episode view from <c>Rollout</c>, or any view with that column);
    /// its rows are not read: the trainer collects its own experience from the environment in the options.
    /// </summary>
    /// <param name="input">Data whose schema has the observation column.</param>
    /// <returns>The trained policy.</returns>
    /// <exception cref="ArgumentException">Invalid options, a missing or mismatched observation column, or an unsupported action space.</exception>
    /// <exception cref="InvalidOperationException">The environment returned a non-finite observation or reward (the message names the episode and step).</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled.</exception>
    public PolicyTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TrainerOptions.Validate();
        var factory = CreateFactory();
        var probe = factory();
        var environmentId = probe.Id;
        CheckObservationColumn(input.Schema, probe);
        var head = ActionHead.For(probe.ActionSpace, environmentId);
        TrainerOptions.Policy.CheckHead(head, environmentId);
        CheckActionHead(head, environmentId);
        (probe as IDisposable)?.Dispose();

        var seed = TrainerOptions.Seed ?? Host.Rand.Next();
        var threads = torch.get_num_threads();
        torch.set_num_threads(TrainerOptions.TorchThreads);
        var architecture = new PolicyArchitecture(TrainerOptions.Policy, UsesCritic ? TrainerOptions.ValueHiddenSizes : null,
            probe.ObservationSpace.Size, head, TrainerOptions.InitialLogStd);
        _network = architecture.Build((ulong)(uint)seed);
        _network.train();
        _optimizer = new AdamOptimizer(_network.parameters());
        _updateRandom = SplitMix64.ForStream((ulong)(uint)seed, 0x0BD473);
        try
        {
            return Train(factory, environmentId, seed);
        }
        finally
        {
            torch.set_num_threads(threads);
            _optimizer.Dispose();
            _optimizer = null;
            _network = null;
        }
    }

    /// <summary>The output schema: the input's columns plus Action, ActionProbabilities or ActionMean, and Value.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainerOptions.Validate();
        var probe = CreateFactory()();
        var column = inputSchema.Where(c => c.Name == TrainerOptions.ObservationColumnName).ToArray();
        if (column.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is not in the schema (columns: {string.Join(", ", inputSchema.Select(c => c.Name))}).");
        if (column[^1].Kind != SchemaShape.Column.VectorKind.Vector || column[^1].ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' must be a known-size vector of Single; it is a {column[^1].Kind} of {column[^1].ItemType}.");
        var head = ActionHead.For(probe.ActionSpace, probe.Id);
        var names = TrainerOptions.OutputColumns;
        var builder = new DataViewSchema.Builder();
        if (head.IsContinuous)
            builder.AddColumn(names.Action, new VectorDataViewType(NumberDataViewType.Single, head.ActionSize));
        else
            builder.AddColumn(names.Action, NumberDataViewType.Int32);
        builder.AddColumn(head.IsContinuous ? names.ActionMean : names.ActionProbabilities,
            new VectorDataViewType(NumberDataViewType.Single, head.ParameterCount));
        if (UsesCritic)
            builder.AddColumn(names.Value, NumberDataViewType.Single);
        var added = MlNetModelIO.CreateSchemaShape(builder.ToSchema());
        var addedNames = added.Select(c => c.Name).ToHashSet();
        return new SchemaShape(inputSchema.Where(c => !addedNames.Contains(c.Name)).Concat(added));
    }

    /// <summary>Log-probabilities [B] and entropies [B] of <paramref name="actions"/> under the current policy, and the values [B] when there is a critic.</summary>
    private protected (Tensor LogProbabilities, Tensor Entropy, Tensor? Values) EvaluateActions(Tensor observations, Tensor actions)
    {
        var network = Network;
        var parameters = network.ActionParameters(observations);
        var logProbabilities = network.Head.LogProbability(parameters, network.LogStd, actions);
        var entropy = network.Head.Entropy(parameters, network.LogStd);
        return (logProbabilities, entropy, network.HasCritic ? network.Value(observations) : null);
    }

    /// <summary>(x − mean) / (std + 1e-8) with the unbiased standard deviation, as Stable-Baselines3 normalises advantages.</summary>
    private protected static Tensor Standardize(Tensor values) =>
        values.shape[0] < 2 ? values - values.mean() : (values - values.mean()) / (values.std() + 1e-8);

    /// <summary>One gradient step on <paramref name="loss"/>: zero the gradients, backpropagate, clip the norm, Adam.</summary>
    private protected void ApplyGradients(Tensor loss, double learningRate)
    {
        var optimizer = _optimizer!;
        optimizer.ZeroGrad();
        loss.backward();
        if (TrainerOptions.MaxGradientNorm is double maxNorm)
            optimizer.ClipGradientNorm(maxNorm);
        optimizer.Step(learningRate);
    }

    private PolicyTransformer Train(Func<Env> factory, string environmentId, int seed)
    {
        var network = Network;
        var options = TrainerOptions;
        var history = new TrainingHistory();
        using var envs = options.ParallelEnvironments
            ? (VectorEnv)new ParallelVectorEnv(factory, options.NumberOfEnvironments, AutoresetMode.SameStep)
            : new SyncVectorEnv(factory, options.NumberOfEnvironments, AutoresetMode.SameStep);
        var collector = new RolloutCollector(envs, network, options.Gamma, history, environmentId);
        var buffer = new RolloutBuffer(envs.NumEnvs, envs.ObservationSize, network.Head.ActionSize);
        var identity = Identity(environmentId, seed);
        var update = 0;
        var elapsedBefore = 0.0;
        var bestEvaluation = double.NegativeInfinity;
        byte[] bestWeights = [];
        if (options.ResumeFrom is string resume)
        {
            TrainingCheckpoint.Load(resume, identity, reader =>
            {
                update = reader.ReadInt32();
                elapsedBefore = reader.ReadDouble();
                bestEvaluation = reader.ReadDouble();
                bestWeights = reader.ReadBytes(reader.ReadInt32());
                network.load(reader, strict: true);
                _optimizer!.Read(reader);
                collector.Read(reader);
                _updateRandom = new SplitMix64(reader.ReadUInt64());
                var saved = TrainingHistory.Read(reader);
                foreach (var e in saved.Episodes)
                    history.Add(e);
                foreach (var u in saved.Updates)
                    history.Add(u);
            });
        }
        else
        {
            collector.Start(seed);
        }

        var clock = Stopwatch.StartNew();
        var outside = TimeSpan.Zero;
        double WallSeconds() => elapsedBefore + (clock.Elapsed - outside).TotalSeconds;
        using var channel = Host.Start("Training");
        channel.Info(MessageSensitivity.None, $"{Name}: {options.Policy} on {environmentId}, {options.NumberOfEnvironments} environments, {options.TotalTimesteps:N0} steps, learning rate {options.LearningRate} ({options.LearningRateSchedule}), seed {seed}.");
        PolicyEvaluation? lastEvaluation = null;
        var nextLog = 0.1;
        while (collector.EnvironmentSteps < options.TotalTimesteps)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var progress = (double)collector.EnvironmentSteps / options.TotalTimesteps;
            if (CollectsCompleteEpisodes)
                collector.CollectEpisodes(buffer, StepsPerRollout, WallSeconds, update);
            else
                collector.CollectSteps(buffer, StepsPerRollout, WallSeconds, update);
            ComputeAdvantages(buffer);
            // Without a curriculum the whole run is one phase, so the steps in the phase are the updates.
            SchedulePoint = new SchedulePoint(progress, update, 0, update);
            var learningRate = options.LearningRateSchedule.At(options.LearningRate, SchedulePoint);
            UpdateStatistics statistics;
            using (var scope = NewDisposeScope())
            using (var batch = buffer.ToTensors())
                statistics = Update(batch, learningRate, progress);
            update++;

            var pause = clock.Elapsed;
            double? evaluationReturn = null;
            if (options.EvaluationInterval > 0 && update % options.EvaluationInterval == 0)
            {
                lastEvaluation = EvaluateDuringTraining(factory, seed, update);
                evaluationReturn = lastEvaluation.MeanReturn;
                channel.Info(MessageSensitivity.None, $"{Name}: update {update}, {collector.EnvironmentSteps:N0} steps, evaluation {lastEvaluation}.");
                if (lastEvaluation.MeanReturn > bestEvaluation)
                {
                    bestEvaluation = lastEvaluation.MeanReturn;
                    if (options.ReturnBestEvaluatedPolicy)
                        bestWeights = ModuleSnapshot.Take(network);
                    if (options.CheckpointDirectory is string directory)
                        SaveBestPolicy(directory, history);
                }
            }
            history.Add(new UpdateRecord(update, collector.EnvironmentSteps, WallSeconds() - (clock.Elapsed - pause).TotalSeconds,
                statistics.PolicyLoss, statistics.ValueLoss, statistics.Entropy, statistics.ApproximateKl, statistics.ClipFraction,
                learningRate, evaluationReturn));
            if (options.CheckpointInterval > 0 && update % options.CheckpointInterval == 0)
            {
                var elapsed = WallSeconds() - (clock.Elapsed - pause).TotalSeconds;
                TrainingCheckpoint.Save(Path.Combine(options.CheckpointDirectory!, TrainingCheckpoint.FileName(update)), identity, writer =>
                {
                    writer.Write(update);
                    writer.Write(elapsed);
                    writer.Write(bestEvaluation);
                    writer.Write(bestWeights.Length);
                    writer.Write(bestWeights);
                    network.save(writer);
                    _optimizer!.Write(writer);
                    collector.Write(writer);
                    writer.Write(_updateRandom.State);
                    history.Write(writer);
                });
            }
            outside += clock.Elapsed - pause;

            var recent = history.Episodes.Skip(Math.Max(0, history.Episodes.Count - 100)).Select(e => e.Return).DefaultIfEmpty(double.NaN).Average();
            options.Progress?.Report(new TrainingProgress(update, collector.EnvironmentSteps, options.TotalTimesteps, collector.EpisodesFinished,
                recent, lastEvaluation?.MeanReturn, WallSeconds(), evaluationReturn.HasValue));
            if ((double)collector.EnvironmentSteps / options.TotalTimesteps >= nextLog)
            {
                channel.Info(MessageSensitivity.None, $"{Name}: {collector.EnvironmentSteps:N0}/{options.TotalTimesteps:N0} steps, {collector.EpisodesFinished} episodes, mean return (last 100) {recent:F1}, {WallSeconds():F1} s.");
                nextLog += 0.1;
            }
            if (options.StopAtEvaluationReturn is double target && evaluationReturn >= target)
            {
                channel.Info(MessageSensitivity.None, $"{Name}: evaluation return {evaluationReturn:F1} reached the target {target} after {collector.EnvironmentSteps:N0} steps.");
                break;
            }
        }
        if (options.ReturnBestEvaluatedPolicy && bestWeights.Length > 0)
        {
            ModuleSnapshot.Restore(network, bestWeights);
            channel.Info(MessageSensitivity.None, $"{Name}: returning the network of the best evaluation ({bestEvaluation:F1}).");
        }
        network.eval();
        return new PolicyTransformer(Host, options.ObservationColumnName, options.OutputColumns, network, history);
    }

    private PolicyEvaluation EvaluateDuringTraining(Func<Env> factory, int seed, int update)
    {
        var policy = new PolicyTransformer(Host, TrainerOptions.ObservationColumnName, TrainerOptions.OutputColumns, Network, null);
        try
        {
            return PolicyEvaluator.RunBatched(factory, (observations, _, actions) => policy.ActBatch(observations, actions), TrainerOptions.EvaluationEpisodes, seed + 1_000_000 + update * 1_000, null,
                Math.Min(TrainerOptions.EvaluationEpisodes, 32));
        }
        finally
        {
            Network.train();
        }
    }

    private void SaveBestPolicy(string directory, TrainingHistory history)
    {
        Directory.CreateDirectory(directory);
        var policy = new PolicyTransformer(Host, TrainerOptions.ObservationColumnName, TrainerOptions.OutputColumns, Network, history);
        var path = Path.Combine(directory, "best-policy.zip");
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(TrainerOptions.ObservationColumnName, new VectorDataViewType(NumberDataViewType.Single, Network.Architecture.ObservationSize));
        new MLContext().Model.Save(policy, schema.ToSchema(), path);
        Network.train();
    }

    private string Identity(string environmentId, int seed) =>
        $"{Name} on {environmentId}, {TrainerOptions.NumberOfEnvironments} environments, seed {seed}, {TrainerOptions.Policy}, {Network.Architecture.ObservationSize} observations, head {Network.Head.GetType().Name}({Network.Head.ParameterCount})";

    private Func<Env> CreateFactory()
    {
        if (TrainerOptions.EnvironmentFactory is { } factory)
            return () => factory() ?? throw new InvalidOperationException("The environment factory returned null.");
        var id = TrainerOptions.EnvironmentId!;
        EnvRegistry.Spec(id);
        return () => EnvRegistry.Make(id);
    }

    private void CheckObservationColumn(DataViewSchema schema, Env env)
    {
        var column = schema.GetColumnOrNull(TrainerOptions.ObservationColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' is not in the input schema (columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        var size = env.ObservationSpace.Size;
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } vector || item != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' must be a known-size vector of Single; it is {column.Type}.");
        if (vector.Size != size)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{Name}: observation column '{TrainerOptions.ObservationColumnName}' has {vector.Size} values per row, but {env.Id}'s observation space {env.ObservationSpace} has {size}.");
    }
}
