using Synaptic.ML.Randomness;
using Synaptic.ML.Torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A Q-network as a policy model: the action is the greedy one (the lowest index among ties) and the appended
/// <c>QValues</c> column holds Q(s, ·). Trained by <see cref="DqnTrainer"/>.
/// </summary>
public sealed class QNetworkPolicy : TorchPolicyModel
{
    internal const string KindName = "QNetwork";
    private readonly QNetwork _network;
    private readonly PolicyOutput[] _outputs;

    internal QNetworkPolicy(QNetwork network, int firstAction)
        : base(network)
    {
        _network = network;
        FirstAction = firstAction;
        _outputs = [new(PolicyOutputRoles.QValues, network.Architecture.Actions)];
    }

    /// <summary>The body's description.</summary>
    public PolicyNetworkOptions Network => _network.Architecture.Network;

    /// <summary>Whether the network has a dueling head.</summary>
    public bool Dueling => _network.Architecture.Dueling;

    /// <summary>Number of actions.</summary>
    public int Actions => _network.Architecture.Actions;

    /// <summary>The environment action of Q-value 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstAction { get; }

    internal QNetwork Module => _network;

    /// <inheritdoc/>
    public override int ObservationSize => _network.Architecture.ObservationSize;

    /// <inheritdoc/>
    public override int ActionSize => 1;

    /// <inheritdoc/>
    public override bool IsContinuous => false;

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOutput> Outputs => _outputs;

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        var a = Actions;
        Span<float> q = count * a <= 256 ? stackalloc float[count * a] : new float[count * a];
        QValues(observations, count, q);
        QTablePolicy.ActGreedily(q, count, a, FirstAction, actions, outputs);
    }

    /// <summary>Q(s, ·) for <paramref name="count"/> observations, into <paramref name="values"/> (count·A floats).</summary>
    internal void QValues(ReadOnlySpan<float> observations, int count, Span<float> values)
    {
        lock (Gate)
        {
            using var scope = InferenceScope.Enter();
            var input = Tensors.Copy(observations, count, ObservationSize);
            _network.forward(input).data<float>().CopyTo(values);
        }
    }

    internal override void Write(BinaryWriter writer)
    {
        _network.Architecture.Write(writer);
        writer.Write(FirstAction);
        _network.save(writer);
    }

    internal static QNetworkPolicy Read(BinaryReader reader)
    {
        var architecture = QNetworkArchitecture.Read(reader);
        var firstAction = reader.ReadInt32();
        var network = architecture.Build(0);
        network.load(reader, strict: true);
        network.eval();
        return new QNetworkPolicy(network, firstAction);
    }
}
