using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Q-learning from single transitions (DQN): a <see cref="QNetwork"/> and its target, a uniform
/// <see cref="ReplayBuffer"/>, minibatches in a reused <see cref="ReplayBatch"/>, and the loss of
/// <see cref="TemporalDifference"/>.
/// </summary>
internal sealed class TransitionQLearner : QLearner
{
    private readonly QNetwork _online;
    private readonly QNetwork _target;
    private readonly ReplayBuffer _buffer;
    private readonly ReplayBatch _batch;
    private readonly double _gamma;
    private readonly bool _doubleQ;
    private readonly bool _huber;

    public TransitionQLearner(QNetworkArchitecture architecture, ulong seed, int capacity, int batchSize, double gamma, bool doubleQ, bool huber)
    {
        _online = architecture.Build(seed);
        _target = architecture.Build(seed);
        _target.eval();
        _buffer = new ReplayBuffer(capacity, architecture.ObservationSize);
        _batch = new ReplayBatch(batchSize, architecture.ObservationSize);
        _gamma = gamma;
        _doubleQ = doubleQ;
        _huber = huber;
    }

    public override nn.Module Online => _online;

    public override nn.Module Target => _target;

    public override IReplayMemory Replay => _buffer;

    public override string Description => $"{_online.Architecture.Network}{(_online.Architecture.Dueling ? " dueling" : "")}";

    public override void ActingQValues(ReadOnlySpan<float> observations, int count, Span<float> q)
    {
        using var scope = InferenceScope.Enter();
        var input = Tensors.Copy(observations, count, _online.Architecture.ObservationSize);
        _online.forward(input).data<float>().CopyTo(q);
    }

    public override (Tensor Loss, Tensor? MeanAbsoluteError, Tensor? MeanQ) SampledLoss(ref SplitMix64 random, bool measure)
    {
        var batch = _batch;
        _buffer.Sample(batch.Size, ref random, batch.Observations, batch.ActionIndices, batch.Rewards, batch.NextObservations, batch.NotTerminated);
        batch.ToTensors();
        Tensor target;
        using (no_grad())
            target = TemporalDifference.Target(batch.Reward, batch.Continues, _target.forward(batch.NextState), _doubleQ ? _online.forward(batch.NextState) : null, _gamma);
        var q = TemporalDifference.Taken(_online.forward(batch.State), batch.Action);
        var loss = TemporalDifference.Loss(q, target, _huber, null);
        if (!measure)
            return (loss, null, null);
        var (error, meanQ) = TemporalDifference.Statistics(q, target, null);
        return (loss, error, meanQ);
    }

    public override PolicyModel Policy(int firstAction) => new QNetworkPolicy(_online, firstAction);

    public override void Dispose()
    {
        _batch.Dispose();
        _target.Dispose();
    }
}
