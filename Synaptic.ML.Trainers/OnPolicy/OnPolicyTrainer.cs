using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The on-policy layer (Stable-Baselines3's <c>OnPolicyAlgorithm</c>): an actor-critic network, a rollout buffer
/// filled by an <see cref="IRolloutCollector"/>, advantages, and the loop "collect, update, callbacks" until the
/// step budget is spent. Evaluation, the best policy, checkpoints, progress, logging and cancellation come from
/// the layers below; each algorithm adds only its advantages and its loss.
/// </summary>
/// <typeparam name="TOptions">The algorithm's options.</typeparam>
public abstract class OnPolicyTrainer<TOptions> : EnvironmentTrainer<TOptions>
    where TOptions : OnPolicyOptions
{
    private ActorCritic? _network;
    private AdamOptimizer? _optimizer;
    private IRolloutCollector? _collector;
    private SplitMix64 _updateRandom;
    private int _seed;

    private protected OnPolicyTrainer(MLContext context, TOptions options, string name) : base(context, options, name)
    {
    }

    /// <summary>The network being trained (during <see cref="TrainerBase{TOptions, TModel}.Fit"/>).</summary>
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

    private protected override void CheckEnvironment(Env env)
    {
        var head = ActionHead.For(env.ActionSpace, env.Id);
        TrainerOptions.Policy.CheckHead(head, env.Id);
        CheckActionHead(head, env.Id);
    }

    private protected override (bool Continuous, int ActionSize, IReadOnlyList<PolicyOutput> Outputs) PolicyColumnsFor(Env env)
    {
        var head = ActionHead.For(env.ActionSpace, env.Id);
        var parameters = new PolicyOutput(head.IsContinuous ? PolicyOutputRoles.ActionMean : PolicyOutputRoles.ActionProbabilities, head.ParameterCount);
        return (head.IsContinuous, head.ActionSize, UsesCritic ? [parameters, new(PolicyOutputRoles.Value, 1, IsVector: false)] : [parameters]);
    }

    private protected override PolicyTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var head = ActionHead.For(ActionSpace, EnvironmentId);
        var architecture = new PolicyArchitecture(options.Policy, UsesCritic ? options.ValueHiddenSizes : null, ObservationSpace.Size, head, options.InitialLogStd);
        _seed = seed;
        _network = architecture.Build((ulong)(uint)seed);
        _network.train();
        _optimizer = new AdamOptimizer(_network.parameters());
        _updateRandom = SplitMix64.ForStream((ulong)(uint)seed, 0x0BD473);
        // A spiking actor's layers: their firing during each update is recorded with the update's metrics.
        var spikes = SpikeMonitor.For(_network);
        try
        {
            var history = new TrainingHistory();
            using var envs = CreateVectorEnv();
            var collector = new RolloutCollector(envs, _network, options.Gamma, history, EnvironmentId);
            _collector = collector;
            var buffer = new RolloutBuffer(envs.NumEnvs, envs.ObservationSize, head.ActionSize);
            var run = BeginRun(this, seed, options.TotalTimesteps, "environment steps", history, options.ResumeFrom,
                $"{options.Policy} on {EnvironmentId}, {options.NumberOfEnvironments} environments, {options.TotalTimesteps:N0} steps, learning rate {options.LearningRate} ({options.LearningRateSchedule})");
            if (!run.IsResumed)
                collector.Start(seed);
            while (collector.EnvironmentSteps < options.TotalTimesteps)
            {
                run.ThrowIfCancelled();
                var progress = (double)collector.EnvironmentSteps / options.TotalTimesteps;
                if (CollectsCompleteEpisodes)
                    collector.CollectEpisodes(buffer, StepsPerRollout, () => run.Clock.Seconds, run.Iteration);
                else
                    collector.CollectSteps(buffer, StepsPerRollout, () => run.Clock.Seconds, run.Iteration);
                ComputeAdvantages(buffer);
                // Without a curriculum the whole run is one phase, so the steps in the phase are the updates.
                SchedulePoint = Curriculum is { } curriculum
                    ? curriculum.PointAt(progress, run.Iteration)
                    : new SchedulePoint(progress, run.Iteration, 0, run.Iteration);
                var learningRate = options.LearningRateSchedule.At(options.LearningRate, SchedulePoint);
                UpdateStatistics statistics;
                using (var scope = NewDisposeScope())
                using (var batch = buffer.ToTensors())
                using (spikes?.Watch())
                    statistics = CollectorPause.Run(() => Update(batch, learningRate, progress));

                run.Iteration++;
                run.Steps = collector.EnvironmentSteps;
                run.Record(MetricKeys.Updates, run.Iteration);
                run.Record(MetricKeys.PolicyLoss, statistics.PolicyLoss);
                run.Record(MetricKeys.ValueLoss, statistics.ValueLoss);
                run.Record(MetricKeys.Entropy, statistics.Entropy);
                run.Record(MetricKeys.ApproximateKl, statistics.ApproximateKl);
                run.Record(MetricKeys.ClipFraction, statistics.ClipFraction);
                run.Record(MetricKeys.LearningRate, learningRate);
                spikes?.Record(run);
                if (!EndIteration(run))
                    break;
            }
            EndRun(run);
            return CreateTransformer(new ActorCriticPolicy(_network), history);
        }
        finally
        {
            spikes?.Dispose();
            _optimizer.Dispose();
            _optimizer = null;
            _network = null;
            _collector = null;
        }
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

    private protected override PolicyModel CurrentModel() => new ActorCriticPolicy(Network);

    private protected override void AfterEvaluation() => Network.train();

    private protected override byte[] SnapshotWeights() => ModuleSnapshot.Take(Network);

    private protected override void RestoreWeights(byte[] snapshot) => ModuleSnapshot.Restore(Network, snapshot);

    private protected override string Identity =>
        $"{Name} on {EnvironmentId}, {TrainerOptions.NumberOfEnvironments} environments, seed {_seed}, {TrainerOptions.Policy}, {Network.Architecture.ObservationSize} observations, head {Network.Head.GetType().Name}({Network.Head.ParameterCount})";

    private protected override void WriteState(BinaryWriter writer)
    {
        Network.save(writer);
        _optimizer!.Write(writer);
        _collector!.Write(writer);
        writer.Write(_updateRandom.State);
    }

    private protected override void ReadState(BinaryReader reader)
    {
        Network.load(reader, strict: true);
        _optimizer!.Read(reader);
        _collector!.Read(reader);
        _updateRandom = new SplitMix64(reader.ReadUInt64());
    }
}
