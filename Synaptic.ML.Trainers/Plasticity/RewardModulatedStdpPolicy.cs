using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A spiking agent trained by <see cref="RewardModulatedStdpTrainer"/>, as a policy model: for each observation a
/// fresh recurrent LIF population with the learned weights runs <see cref="StepsPerDecision"/> neuron steps, driven
/// by the encoded observation, and the motor pool with the largest readout is the action. Managed: no TorchSharp.
/// </summary>
/// <remarks>
/// Scoring is deterministic and reproducible: every decision seeds the membrane noise and the input spike trains
/// from <see cref="NoiseSeed"/> and the observation's values, so the action is a function of the observation alone
/// (the noise is a realisation drawn per observation, not turned off), identical across calls, batches, threads and a
/// save and load. Keying the noise by the observation matters: with one realisation for every decision (payload format
/// 1) the same neurons got the same extra current at every decision, a bias that cost the trained lane keeper about 28
/// of its 229 return on the complex track. The model is stateless: the population starts from rest at every decision.
/// </remarks>
public sealed class RewardModulatedStdpPolicy : PolicyModel
{
    internal const string KindName = "RewardModulatedStdp";
    private readonly SpikingAgent _agent;
    private readonly float[] _weights;

    internal RewardModulatedStdpPolicy(SpikingAgent agent, float[] weights, int firstAction, ulong noiseSeed)
    {
        agent.CheckWeights(weights);
        _agent = agent;
        _weights = weights;
        FirstAction = firstAction;
        NoiseSeed = noiseSeed;
    }

    /// <summary>Number of neurons N of the recurrent population.</summary>
    public int Neurons => _agent.Size;

    /// <summary>Number of excitatory neurons (indices 0 … N_E−1).</summary>
    public int ExcitatoryNeurons => _agent.ExcitatoryCount;

    /// <summary>Neurons per motor pool (pool a holds excitatory neurons a·P … a·P + P − 1).</summary>
    public int PoolSize => _agent.PoolSize;

    /// <summary>Number of actions (motor pools).</summary>
    public int Actions => _agent.Actions;

    /// <summary>The environment action of pool 0 (a <c>DiscreteSpace</c>'s start).</summary>
    public int FirstAction { get; }

    /// <summary>Neuron steps per decision.</summary>
    public int StepsPerDecision => _agent.StepsPerDecision;

    /// <summary>How the pools are read.</summary>
    public SpikeReadout Readout => _agent.Readout;

    /// <summary>How observations drive the input neurons.</summary>
    public SpikeEncoding Encoding => _agent.Encoding;

    /// <summary>The seed that, with the observation's values, seeds each decision's noise and input spikes.</summary>
    public ulong NoiseSeed { get; }

    /// <summary>Recurrent weights W [N×N], row-major, row = postsynaptic neuron.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Input projection W_in [N × 2K], row-major (column 2k: ON neuron of observation element k, 2k + 1: OFF).</summary>
    public ReadOnlySpan<float> InputWeights => _agent.InputWeights;

    /// <summary>The weights array itself, for tests that break a model on purpose.</summary>
    internal float[] MutableWeights => _weights;

    /// <summary>The per-action readout scores of one observation (the action is the largest, lowest index among ties).</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>One score per action.</returns>
    public double[] Scores(ReadOnlySpan<float> observation)
    {
        CheckObservation(observation);
        var scores = new double[Actions];
        _agent.Decide(_weights, observation, DecisionSeed(observation), null, scores);
        return scores;
    }

    /// <inheritdoc/>
    public override int ObservationSize => _agent.ObservationSize;

    /// <inheritdoc/>
    public override int ActionSize => 1;

    /// <inheritdoc/>
    public override bool IsContinuous => false;

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOutput> Outputs => [];

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public override void Act(ReadOnlySpan<float> observations, int count, Span<float> actions, Span<float> outputs, PolicyState state,
        ReadOnlySpan<int> slots, Span<SplitMix64> random)
    {
        var size = ObservationSize;
        Span<double> scores = stackalloc double[Actions];
        for (var b = 0; b < count; b++)
        {
            var row = observations.Slice(b * size, size);
            CheckObservation(row);
            actions[b] = FirstAction + _agent.Decide(_weights, row, DecisionSeed(row), null, scores);
        }
    }

    /// <summary>Makes the decision <see cref="PolicyModel.Act"/> makes for <paramref name="observation"/>, recording every neuron step's spikes.</summary>
    /// <param name="observation">The observation.</param>
    /// <returns>The spikes, scores and action.</returns>
    /// <exception cref="ArgumentException">The observation has the wrong size or a non-finite value.</exception>
    public SpikingDecisionTrace TraceDecision(ReadOnlySpan<float> observation)
    {
        CheckObservation(observation);
        var spikes = new float[StepsPerDecision * Neurons];
        var scores = new double[Actions];
        var action = _agent.Decide(_weights, observation, DecisionSeed(observation), null, scores, spikes);
        return new SpikingDecisionTrace(spikes, StepsPerDecision, Neurons, PoolSize, scores, FirstAction + action);
    }

    /// <summary>
    /// Plays one episode with this policy and records it for <see cref="RecurrentStateAnalysis"/>: per decision the window's
    /// spike rates c/T as the hidden state, its spikes [T × N] as the trace (so <see cref="RecurrentStateAnalysis.WriteEpisodeGif"/>
    /// draws the raster beside each frame), the action and, if asked, the environment's frame.
    /// </summary>
    /// <param name="env">The environment; its spaces must be the policy's.</param>
    /// <param name="seed">The reset seed.</param>
    /// <param name="frames">Whether to render a frame per step (the environment must render).</param>
    /// <param name="maxSteps">Most steps to play.</param>
    /// <returns>The recorded episode.</returns>
    public RecordedEpisode RecordEpisode(Synaptic.ML.Environments.Env env, int seed, bool frames = false, int maxSteps = 10_000)
    {
        ArgumentNullException.ThrowIfNull(env);
        var observation = new float[ObservationSize];
        var action = new float[1];
        env.Reset(observation, seed);
        var hidden = new List<float[]>();
        var trace = new List<float[]>();
        var actions = new List<int>();
        var rendered = frames ? new List<Synaptic.ML.Environments.Frame>() : null;
        double total = 0;
        for (var step = 0; step < maxSteps; step++)
        {
            rendered?.Add(env.Render());
            var decision = TraceDecision(observation);
            var counts = new float[Neurons];
            for (var t = 0; t < decision.Steps - 1; t++)
            {
                for (var i = 0; i < Neurons; i++)
                    counts[i] += decision.Spikes[t * Neurons + i];
            }
            for (var i = 0; i < Neurons; i++)
                counts[i] /= decision.Steps;
            hidden.Add(counts);
            trace.Add(decision.Spikes);
            actions.Add(decision.Action);
            action[0] = decision.Action;
            var outcome = env.Step(action, observation);
            total += outcome.Reward;
            if (outcome.Done)
                break;
        }
        return new RecordedEpisode
        {
            Hidden = [.. hidden],
            Trace = [.. trace],
            TraceRows = StepsPerDecision,
            TraceColumns = Neurons,
            Actions = [.. actions],
            Return = total,
            Frames = rendered,
        };
    }

    private ulong DecisionSeed(ReadOnlySpan<float> observation) => SplitMix64.ForValues(NoiseSeed, observation).NextUInt64();

    private void CheckObservation(ReadOnlySpan<float> observation)
    {
        if (observation.Length != ObservationSize)
            throw new ArgumentException($"The observation has {observation.Length} values; this spiking agent reads {ObservationSize}.", nameof(observation));
    }

    // Payload format 1 (Synaptic.ML before 0.1.0) began with the population size; format 2 begins with −2.
    private const int PayloadFormat = 2;

    internal override void Write(BinaryWriter writer)
    {
        writer.Write(-PayloadFormat);
        _agent.Write(writer);
        writer.Write(FirstAction);
        writer.Write(NoiseSeed);
        foreach (var w in _weights)
            writer.Write(w);
    }

    internal static RewardModulatedStdpPolicy Read(BinaryReader reader)
    {
        var marker = reader.ReadInt32();
        if (marker > 0)
            throw new InvalidDataException(
                $"This reward-modulated STDP policy was saved in payload format 1, by a Synaptic.ML build older than the 0.1.0 packages, whose decisions used one noise " +
                $"realisation for every observation and another noise sampler; Synaptic.ML {Persistence.MlNetModelIO.LibraryVersion} reads format {PayloadFormat} " +
                "and cannot reproduce its actions. Train the policy again with this version.");
        if (marker != -PayloadFormat)
            throw new InvalidDataException($"This reward-modulated STDP policy has payload format {-marker}; Synaptic.ML {Persistence.MlNetModelIO.LibraryVersion} reads format {PayloadFormat}.");
        var agent = SpikingAgent.Read(reader);
        var firstAction = reader.ReadInt32();
        var seed = reader.ReadUInt64();
        var weights = new float[agent.Size * agent.Size];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = reader.ReadSingle();
        agent.CheckWeights(weights);
        return new RewardModulatedStdpPolicy(agent, weights, firstAction, seed);
    }
}
