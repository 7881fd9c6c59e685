using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The spiking maze agent trained by <see cref="SpikingMazeAgentTrainer"/>, as a policy model: the observation is a
/// cell index (a <c>DiscreteSpace</c> observation, as GridWorld-v0 gives by default); its place cell spikes for
/// <see cref="StepsPerDecision"/> neuron steps into one pool of LIF action neurons per action through the learned
/// weights, and the pool with the most spikes is the action (the lowest index among ties). Managed: no TorchSharp.
/// </summary>
/// <remarks>
/// Deterministic scoring turns the membrane noise off (the exploration, as a greedy policy turns off ε) and draws the
/// place cell's spike train from <see cref="NoiseSeed"/> for every decision, so the action is a function of the cell
/// alone, the same across calls, batches, threads and a save and load: the pool with the largest weights onto the cell.
/// A sampling policy (<see cref="PolicyTransformer.WithSampling"/>) keeps the noise on and draws each decision's seed
/// from its generator: the network's own variability, as during training. The model is stateless.
/// </remarks>
public sealed class SpikingMazeAgentPolicy : PolicyModel
{
    internal const string KindName = "SpikingMazeAgent";
    private readonly PlaceCellNetwork _network;
    private readonly float[] _weights;

    internal SpikingMazeAgentPolicy(PlaceCellNetwork network, float[] weights, int firstState, int firstAction, ulong noiseSeed)
    {
        network.CheckWeights(weights);
        _network = network;
        _weights = weights;
        FirstState = firstState;
        FirstAction = firstAction;
        NoiseSeed = noiseSeed;
    }

    /// <summary>Place cells (states).</summary>
    public int Cells => _network.Cells;

    /// <summary>Actions (pools).</summary>
    public int Actions => _network.Actions;

    /// <summary>LIF neurons per action pool; action neuron i belongs to pool ⌊i / <see cref="PoolSize"/>⌋.</summary>
    public int PoolSize => _network.PoolSize;

    /// <summary>Neuron steps per decision.</summary>
    public int StepsPerDecision => _network.StepsPerDecision;

    /// <summary>The observation value of place cell 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstState { get; }

    /// <summary>The environment action of pool 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstAction { get; }

    /// <summary>The seed of every deterministic decision's place-cell spike train (the membrane noise is off then).</summary>
    public ulong NoiseSeed { get; }

    /// <summary>The weights W [actions·<see cref="PoolSize"/> × <see cref="Cells"/>], row-major, row = action neuron.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>The weights array itself, for tests that break a model on purpose.</summary>
    internal float[] MutableWeights => _weights;

    /// <summary>The spikes of each action pool in the deterministic (noise-free) decision window of one observation (the action is the largest).</summary>
    /// <param name="observation">A cell index.</param>
    /// <returns>One spike count per action.</returns>
    public int[] SpikeCounts(float observation)
    {
        var counts = new int[Actions];
        _network.Decide(_weights, Cell(observation), NoiseSeed, false, null, -1, 0f, [], counts);
        return counts;
    }

    /// <inheritdoc/>
    public override int ObservationSize => 1;

    /// <inheritdoc/>
    public override int ActionSize => 1;

    /// <inheritdoc/>
    public override bool IsContinuous => false;

    /// <inheritdoc/>
    public override bool CanSample => true;

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOutput> Outputs => [];

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        Span<int> counts = stackalloc int[Actions];
        for (var b = 0; b < count; b++)
        {
            var noisy = !random.IsEmpty;
            var seed = noisy ? random[random.Length == 1 ? 0 : b].NextUInt64() : NoiseSeed;
            actions[b] = FirstAction + _network.Decide(_weights, Cell(observations[b]), seed, noisy, null, -1, 0f, [], counts);
        }
    }

    private int Cell(float observation) =>
        QTablePolicy.IndexOf(observation, FirstState, Cells) is int cell
            ? cell
            : throw new ArgumentOutOfRangeException(nameof(observation), observation,
                $"Observation {observation} is not a cell of this maze agent (integers {FirstState} to {FirstState + Cells - 1}).");

    internal override void Write(BinaryWriter writer)
    {
        _network.Write(writer);
        writer.Write(FirstState);
        writer.Write(FirstAction);
        writer.Write(NoiseSeed);
        foreach (var w in _weights)
            writer.Write(w);
    }

    internal static SpikingMazeAgentPolicy Read(BinaryReader reader)
    {
        var network = PlaceCellNetwork.Read(reader);
        var firstState = reader.ReadInt32();
        var firstAction = reader.ReadInt32();
        var seed = reader.ReadUInt64();
        var weights = new float[network.Neurons * network.Cells];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = reader.ReadSingle();
        return new SpikingMazeAgentPolicy(network, weights, firstState, firstAction, seed);
    }
}
