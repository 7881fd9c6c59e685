using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// MAML-RL's inner loop for one MLP policy (Finn et al., 2017, Algorithm 3): episodes of a task played with given actor
/// weights θ (the fast weights), the REINFORCE loss L(θ) = −mean(log π_θ(a|s)·Â) of those episodes as a function of
/// θ, and the policy-gradient step θ' = θ − α∇L(θ). Episodes are collected by the on-policy trainers'
/// <see cref="RolloutCollector"/> from a behaviour copy of the network that holds the fast weights' values.
/// </summary>
internal sealed class MamlRlInnerLoop
{
    private readonly MlpPolicyOptions _network;
    private readonly CategoricalHead _head;
    private readonly int _observationSize;
    private readonly ActorCritic _behaviour;
    private readonly double _gamma;
    private readonly int _episodes;
    private readonly MetaRlBaseline _baseline;
    private readonly bool _normalize;
    private readonly double _innerLearningRate;

    public MamlRlInnerLoop(PolicyArchitecture architecture, double gamma, int episodes, MetaRlBaseline baseline, bool normalizeAdvantages, double innerLearningRate)
    {
        _network = architecture.Network as MlpPolicyOptions
            ?? throw new NotSupportedException($"MAML-RL adapts MLP policies (its inner loop needs a functional forward); this policy's network is {architecture.Network}.");
        _head = architecture.Head as CategoricalHead
            ?? throw new NotSupportedException($"MAML-RL adapts policies over Discrete actions; this policy's action head is a {architecture.Head.GetType().Name}.");
        _observationSize = architecture.ObservationSize;
        _behaviour = architecture.Build(0);
        _behaviour.eval();
        _gamma = gamma;
        _episodes = episodes;
        _baseline = baseline;
        _normalize = normalizeAdvantages;
        _innerLearningRate = innerLearningRate;
        ActorTensorCount = 2 * (_network.HiddenSizes.Length + 1);
    }

    /// <summary>Number of actor tensors (a weight and a bias per linear layer), the first ones of the network's parameters.</summary>
    public int ActorTensorCount { get; }

    /// <summary>
    /// Plays one episode of <paramref name="task"/> in each of the episodes-per-step environments with the actor weights
    /// <paramref name="weights"/> and returns the REINFORCE loss of those episodes, on the autograd graph of the weights.
    /// </summary>
    /// <param name="weights">The actor weights, in the order of <see cref="MlpPolicyOptions.Forward"/>.</param>
    /// <param name="task">Makes environments of the task.</param>
    /// <param name="seed">Seed of the episodes' resets and actions.</param>
    /// <param name="taskName">The task, for messages.</param>
    /// <returns>The loss, and the mean undiscounted return of the episodes.</returns>
    /// <exception cref="ArgumentException">The task's observation or action space is not the policy's.</exception>
    public (Tensor Loss, double MeanReturn) EpisodeLoss(IReadOnlyList<Tensor> weights, Func<Env> task, int seed, string taskName)
    {
        var (batch, meanReturn) = Collect(weights, task, seed, taskName);
        using (batch)
            return (Loss(weights, batch.Observations, batch.Actions, batch.Advantages), meanReturn);
    }

    /// <summary>Plays the episodes of <see cref="EpisodeLoss"/> and returns their valid steps with advantages, and the mean episode return.</summary>
    public (RolloutTensors Batch, double MeanReturn) Collect(IReadOnlyList<Tensor> weights, Func<Env> task, int seed, string taskName)
    {
        using (no_grad())
        {
            var parameters = _behaviour.parameters().ToArray();
            for (var i = 0; i < ActorTensorCount; i++)
                parameters[i].copy_(weights[i]);
        }
        using var envs = new SyncVectorEnv(task, _episodes, AutoresetMode.SameStep);
        CheckSpaces(envs.Envs[0], taskName);
        var collector = new RolloutCollector(envs, _behaviour, _gamma, new TrainingHistory(), envs.Envs[0].Id);
        var buffer = new RolloutBuffer(_episodes, _observationSize, _head.ActionSize);
        collector.Start(seed);
        collector.CollectEpisodes(buffer, plannedSteps: 64, () => 0.0, 0);
        var meanReturn = ComputeAdvantages(buffer);
        return (buffer.ToTensors(), meanReturn);
    }

    /// <summary>L(θ) = −mean(log π_θ(a|s)·Â) over a batch, on the autograd graph of <paramref name="weights"/>.</summary>
    /// <param name="weights">θ, the actor weights.</param>
    /// <param name="observations">s, [B, obs].</param>
    /// <param name="actions">a, [B, 1].</param>
    /// <param name="advantages">Â, [B].</param>
    /// <returns>The loss (a scalar).</returns>
    public Tensor Loss(IReadOnlyList<Tensor> weights, Tensor observations, Tensor actions, Tensor advantages)
    {
        var logits = _network.Forward(observations, weights);
        return PolicyGradientLosses.PolicyGradient(_head.LogProbability(logits, null, actions), advantages);
    }

    /// <summary>θ' = θ − α∇L(θ), one tensor per actor tensor.</summary>
    /// <param name="weights">θ.</param>
    /// <param name="loss">L(θ) from <see cref="EpisodeLoss"/>.</param>
    /// <param name="createGraph">
    /// Whether the gradient is itself differentiable (second-order MAML: the meta-gradient then carries the inner
    /// step's Hessian term); otherwise θ' depends on θ only through the identity (first-order MAML).
    /// </param>
    /// <returns>θ'.</returns>
    public Tensor[] Step(IReadOnlyList<Tensor> weights, Tensor loss, bool createGraph)
    {
        var gradients = torch.autograd.grad([loss], weights.ToArray(), retain_graph: createGraph, create_graph: createGraph);
        var adapted = new Tensor[weights.Count];
        for (var i = 0; i < adapted.Length; i++)
            adapted[i] = weights[i] - _innerLearningRate * gradients[i];
        return adapted;
    }

    /// <summary>Discounted returns to go, minus the baseline, standardised if asked; returns the mean episode return.</summary>
    private double ComputeAdvantages(RolloutBuffer buffer)
    {
        var n = buffer.Environments;
        var size = buffer.Steps * n;
        Advantages.DiscountedReturns(buffer.Rewards.AsSpan(0, size), buffer.EpisodeEnded.AsSpan(0, size), n, _gamma, buffer.Returns.AsSpan(0, size));
        var episodeReturns = 0.0;
        for (var t = 0; t < buffer.Steps; t++)
        {
            double sum = 0;
            var running = 0;
            for (var k = t * n; k < (t + 1) * n; k++)
            {
                if (!buffer.Valid[k])
                    continue;
                episodeReturns += buffer.Rewards[k];
                sum += buffer.Returns[k];
                running++;
            }
            var baseline = _baseline == MetaRlBaseline.MeanReturn && running > 0 ? sum / running : 0.0;
            for (var k = t * n; k < (t + 1) * n; k++)
                buffer.Advantages[k] = buffer.Valid[k] ? (float)(buffer.Returns[k] - baseline) : 0f;
        }
        if (_normalize)
        {
            var valid = new float[buffer.Count];
            var m = 0;
            for (var k = 0; k < size; k++)
            {
                if (buffer.Valid[k])
                    valid[m++] = buffer.Advantages[k];
            }
            Advantages.Normalize(valid);
            m = 0;
            for (var k = 0; k < size; k++)
            {
                if (buffer.Valid[k])
                    buffer.Advantages[k] = valid[m++];
            }
        }
        return episodeReturns / n;
    }

    private void CheckSpaces(Env env, string taskName)
    {
        if (env.ObservationSpace.Size != _observationSize)
            throw new ArgumentException(
                $"{taskName}: {env.Id}'s observation space {env.ObservationSpace} has {env.ObservationSpace.Size} values; the policy takes {_observationSize} (every task of a family must have the same spaces).");
        if (env.ActionSpace is not DiscreteSpace actions || actions.N != _head.Count || actions.Start != _head.Start)
            throw new ArgumentException(
                $"{taskName}: {env.Id}'s action space is {env.ActionSpace}; the policy acts in Discrete({_head.Count}{(_head.Start != 0 ? $", start {_head.Start}" : "")}) (every task of a family must have the same spaces).");
    }
}
