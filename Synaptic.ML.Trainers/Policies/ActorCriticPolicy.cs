using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The policy model of the policy-gradient trainers: an actor network whose output parameterises a categorical
/// or Gaussian action distribution, and optionally a critic. Appends ActionProbabilities (discrete) or
/// ActionMean (continuous), and Value when there is a critic.
/// </summary>
public sealed class ActorCriticPolicy : TorchPolicyModel
{
    internal const string KindName = "ActorCritic";
    private readonly ActorCritic _network;
    private readonly float[] _logStd;
    private readonly PolicyOutput[] _outputs;

    internal ActorCriticPolicy(ActorCritic network)
        : base(network)
    {
        _network = network;
        _network.eval();
        _logStd = network.LogStd is { } logStd ? logStd.detach().data<float>().ToArray() : [];
        var head = network.Head;
        _outputs = network.HasCritic
            ? [Parameters(head), new(PolicyOutputRoles.Value, 1, IsVector: false)]
            : [Parameters(head)];
    }

    /// <summary>The action distribution (categorical or Gaussian).</summary>
    public ActionHead Head => _network.Head;

    /// <summary>Whether there is a critic.</summary>
    public bool HasCritic => _network.HasCritic;

    /// <summary>The actor network's description.</summary>
    public PolicyNetworkOptions Network => _network.Architecture.Network;

    /// <summary>The Gaussian log standard deviations (empty for discrete actions).</summary>
    public IReadOnlyList<float> LogStd => _logStd;

    /// <inheritdoc/>
    public override int ObservationSize => _network.Architecture.ObservationSize;

    /// <inheritdoc/>
    public override int ActionSize => Head.ActionSize;

    /// <inheritdoc/>
    public override bool IsContinuous => Head.IsContinuous;

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOutput> Outputs => _outputs;

    /// <inheritdoc/>
    public override bool CanSample => true;

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal ActorCritic Module => _network;

    /// <inheritdoc/>
    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        var p = Head.ParameterCount;
        var a = Head.ActionSize;
        Span<float> parameters = count * p <= 256 ? stackalloc float[count * p] : new float[count * p];
        Span<float> values = !outputs.IsEmpty && HasCritic ? (count <= 64 ? stackalloc float[count] : new float[count]) : [];
        Evaluate(observations, count, parameters, values);
        Span<float> raw = stackalloc float[a];
        var width = OutputWidth;
        for (var b = 0; b < count; b++)
        {
            var row = parameters.Slice(b * p, p);
            if (random.IsEmpty)
                Head.Mode(row, raw);
            else
                Head.Sample(row, _logStd, raw, ref random[random.Length == 1 ? 0 : b]);
            Head.ToEnvironmentAction(raw, actions.Slice(b * a, a));
            if (outputs.IsEmpty)
                continue;
            var output = outputs.Slice(b * width, width);
            if (IsContinuous)
                row.CopyTo(output);
            else
                CategoricalHead.Softmax(row, output[..p]);
            if (HasCritic)
                output[p] = values[b];
        }
    }

    /// <summary>
    /// The hidden spikes of one decision when the actor is spiking (<see cref="SpikingPolicyOptions"/>): the same forward
    /// pass as <see cref="Act"/> for <paramref name="observation"/> (a rate code draws the same spikes, keyed by the
    /// observation), with every hidden neuron's spikes kept at each simulation step.
    /// </summary>
    /// <param name="observation">One observation of <see cref="ObservationSize"/> values.</param>
    /// <returns>The trace, or null when the actor is not a spiking MLP (an MLP, a convolutional or a custom network).</returns>
    /// <exception cref="ArgumentException">The observation does not have <see cref="ObservationSize"/> values.</exception>
    /// <example>
    /// <code>
    /// var model = (ActorCriticPolicy)policy.Model;
    /// SpikingActorTrace? trace = model.TraceSpikes(observation);   // trace.Spikes: [T × hidden neurons]
    /// </code>
    /// </example>
    public SpikingActorTrace? TraceSpikes(ReadOnlySpan<float> observation)
    {
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"The observation has {observation.Length} values; this policy reads {ObservationSize}.", nameof(observation));
        if (_network.Actor is not SpikingActor actor)
            return null;
        lock (Gate)
        {
            using var scope = InferenceScope.Enter();
            var input = Tensors.Copy(observation, 1, ObservationSize);
            var steps = new List<TorchSharp.torch.Tensor[]>(actor.TimeSteps);
            actor.Run(input, steps);
            var neurons = actor.HiddenSizes.Sum();
            var spikes = new float[steps.Count * neurons];
            for (var t = 0; t < steps.Count; t++)
            {
                var offset = t * neurons;
                foreach (var layer in steps[t])
                {
                    var values = layer.data<float>().ToArray();
                    values.CopyTo(spikes, offset);
                    offset += values.Length;
                }
            }
            return new SpikingActorTrace(spikes, steps.Count, neurons, actor.HiddenSizes);
        }
    }

    /// <summary>Distribution parameters [count·P] and, when <paramref name="values"/> is not empty, critic values [count].</summary>
    internal void Evaluate(ReadOnlySpan<float> observations, int count, Span<float> parameters, Span<float> values)
    {
        lock (Gate)
        {
            using var scope = InferenceScope.Enter();
            var input = Tensors.Copy(observations, count, ObservationSize);
            _network.ActionParameters(input).data<float>().CopyTo(parameters);
            if (!values.IsEmpty)
                _network.Value(input).data<float>().CopyTo(values);
        }
    }

    internal override void Write(BinaryWriter writer)
    {
        _network.Architecture.Write(writer);
        _network.save(writer);
    }

    /// <summary>Reads what <see cref="Write"/> wrote (also the whole "Policy" stream of policies saved before the model family).</summary>
    internal static ActorCriticPolicy Read(BinaryReader reader)
    {
        var architecture = PolicyArchitecture.Read(reader);
        var network = architecture.Build(0);
        network.load(reader, strict: true);
        return new ActorCriticPolicy(network);
    }

    private static PolicyOutput Parameters(ActionHead head) =>
        new(head.IsContinuous ? PolicyOutputRoles.ActionMean : PolicyOutputRoles.ActionProbabilities, head.ParameterCount);
}
