using Synaptic.ML.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Q-learning for a network with memory (R2D2's recipe, Kapturowski et al., 2019): episode segments from a
/// <see cref="SequenceReplayBuffer"/>; the online network rebuilds its memory over the burn-in without gradient and
/// then runs the segment with backpropagation through time; the target network runs burn-in and segment to value the
/// next step of every transition; the loss of <see cref="TemporalDifference"/> is averaged over the segments' real
/// steps. While acting, each sub-environment carries its own memory, cleared at its episode starts.
/// </summary>
internal sealed class SequenceQLearner : QLearner
{
    private readonly RecurrentQNetwork _online;
    private readonly RecurrentQNetwork _target;
    private readonly SequenceReplayBuffer _buffer;
    private readonly SequenceBatch _batch;
    private readonly RecurrentQPolicy _acting;
    private readonly PolicyState _memory;
    private readonly double _gamma;
    private readonly bool _doubleQ;
    private readonly bool _huber;

    private readonly bool _wholeEpisodes;

    public SequenceQLearner(RecurrentQNetworkArchitecture architecture, ulong seed, int capacity, int environments, int batchSize, int burnIn, int length,
        bool wholeEpisodes, double gamma, bool doubleQ, bool huber)
    {
        _online = architecture.Build(seed);
        _target = architecture.Build(seed);
        _target.eval();
        _buffer = new SequenceReplayBuffer(capacity, Math.Max(environments, 1), architecture.ObservationSize);
        _batch = new SequenceBatch(batchSize, burnIn, length, architecture.ObservationSize);
        _acting = new RecurrentQPolicy(_online, 0);
        _memory = _acting.CreateState(Math.Max(environments, 1));
        _wholeEpisodes = wholeEpisodes;
        _gamma = gamma;
        _doubleQ = doubleQ;
        _huber = huber;
    }

    public override nn.Module Online => _online;

    public override nn.Module Target => _target;

    public override IReplayMemory Replay => _buffer;

    public override bool ObservesEveryStep => _acting.IsStateful;

    public override string Description =>
        $"{_online.Architecture.Core} Q-network, segments of {_batch.Length}{(_wholeEpisodes ? " from episode starts" : "")} after a burn-in of {_batch.BurnIn}";

    public override void ActingQValues(ReadOnlySpan<float> observations, int count, Span<float> q) => _acting.Step(observations, count, _memory, [], q, []);

    public override void StartEpisode(int environment) => _memory.Reset(environment);

    public override (Tensor Loss, Tensor? MeanAbsoluteError, Tensor? MeanQ) SampledLoss(ref SplitMix64 random, bool measure)
    {
        var batch = _batch;
        _buffer.Sample(batch, ref random, _wholeEpisodes);
        batch.ToTensors();
        var burnIn = batch.BurnIn;
        var length = batch.Length;
        var inputs = batch.InputTensor;
        var keep = batch.KeepTensor;
        Tensor nextTarget;
        Tensor state;
        using (no_grad())
        {
            nextTarget = _target.Run(inputs, _target.Core.InitialState(batch.Size), keep).Q.narrow(0, burnIn + 1, length);
            state = _online.Core.InitialState(batch.Size);
            if (burnIn > 0)
                state = _online.Run(inputs.narrow(0, 0, burnIn), state, keep.narrow(0, 0, burnIn)).State;
        }
        var online = _online.Run(inputs.narrow(0, burnIn, length + 1), state, keep.narrow(0, burnIn, length + 1)).Q;
        var target = TemporalDifference.Target(batch.RewardTensor, batch.ContinuesTensor, nextTarget,
            _doubleQ ? online.narrow(0, 1, length).detach() : null, _gamma);
        var q = TemporalDifference.Taken(online.narrow(0, 0, length), batch.ActionTensor);
        var loss = TemporalDifference.Loss(q, target, _huber, batch.MaskTensor);
        if (!measure)
            return (loss, null, null);
        var (error, meanQ) = TemporalDifference.Statistics(q, target, batch.MaskTensor);
        return (loss, error, meanQ);
    }

    public override PolicyModel Policy(int firstAction) => new RecurrentQPolicy(_online, firstAction);

    public override void WriteActing(BinaryWriter writer)
    {
        if (_memory is not RecurrentQPolicy.MemoryState memory)
            return;
        writer.Write(memory.Values.Length);
        foreach (var v in memory.Values)
            writer.Write(v);
    }

    public override void ReadActing(BinaryReader reader)
    {
        if (_memory is not RecurrentQPolicy.MemoryState memory)
            return;
        var count = reader.ReadInt32();
        if (count != memory.Values.Length)
            throw new InvalidDataException($"The checkpoint holds {count} floats of acting memory; this network needs {memory.Values.Length}.");
        for (var i = 0; i < count; i++)
            memory.Values[i] = reader.ReadSingle();
    }

    public override void Dispose()
    {
        _batch.Dispose();
        _target.Dispose();
    }
}
