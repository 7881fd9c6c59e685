using System.Numerics.Tensors;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Plasticity;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// An agent that learns without backpropagation: a recurrent population of LIF neurons (<see cref="LifPopulation"/>)
/// reads the sensors through input neurons, motor pools read out the action (<see cref="SpikeReadout"/>), and the
/// recurrent weights learn by dopamine-modulated STDP (<see cref="RewardModulatedStdp"/>): STDP eligibility is
/// accumulated at every neuron step of an episode, and at its end ΔW = η·(return − baseline)·E, the weights are clipped
/// into their sign's range, and baseline ← baseline + β·(return − baseline). Managed — no TorchSharp. One iteration
/// is one episode; the result is a <see cref="RewardModulatedStdpPolicy"/> in a <see cref="PolicyTransformer"/>.
/// Work in progress: with one dopamine signal per episode it does not yet learn LaneKeeping within the budgets measured
/// (see Synaptic.ML.Trainers/Plasticity/README.md); the machinery — encoding, readout, eligibility, persistence,
/// checkpoints — is tested.
/// </summary>
/// <remarks>
/// Exploration is the network's own variability: during training every decision draws a fresh seed for its noise and
/// input spike trains from the trainer's random stream; the trained policy uses one fixed seed for every decision
/// (deterministic scoring). Each environment reset takes a seed from the same stream, so a checkpoint — written
/// between episodes — holds everything and a resumed run equals the uninterrupted one.
/// </remarks>
public sealed partial class RewardModulatedStdpTrainer : EnvironmentTrainer<RewardModulatedStdpTrainer.Options>
{
    private const string DopamineKey = "rstdp/dopamine";
    private const string WeightChangeKey = "rstdp/weight_change";
    private const string BaselineKey = "rstdp/baseline";

    private SpikingAgent? _agent;
    private LifPopulation? _weights;
    private RewardModulatedStdp? _rule;
    private SplitMix64 _random;
    private EpisodeTracker? _episodes;
    private long _environmentSteps;
    private int _firstAction;
    private int _seed;

    internal RewardModulatedStdpTrainer(MLContext context, Options options) : base(context, options, nameof(RewardModulatedStdpTrainer))
    {
    }

    /// <summary>The metric key of each episode's dopamine, return − baseline (the ablation records it too, unused).</summary>
    public static string DopamineMetric => DopamineKey;

    /// <summary>The metric key of each episode's mean |ΔW| over the recurrent weights.</summary>
    public static string WeightChangeMetric => WeightChangeKey;

    /// <summary>The metric key of the baseline after each episode.</summary>
    public static string BaselineMetric => BaselineKey;

    private protected override bool UsesTorch => false;

    private protected override void CheckEnvironment(Env env)
    {
        if (env.ObservationSpace is not BoxSpace)
            throw new NotSupportedException($"{Name} encodes a Box observation into input spikes: {env.Id}'s observation space {env.ObservationSpace} is not a Box.");
        if (env.ActionSpace is not DiscreteSpace actions)
            throw new NotSupportedException($"{Name} reads one motor pool per action: {env.Id}'s action space {env.ActionSpace} is not discrete.");
        var population = TrainerOptions.Population;
        var excitatory = population.Size - (int)Math.Floor(population.Size * population.InhibitoryFraction);
        if (excitatory / actions.N == 0)
            throw new ArgumentException(
                $"{Name}: {env.Id} has {actions.N} actions, but the population's {excitatory} excitatory neurons cannot make one motor pool per action (pool size 0); " +
                $"enlarge {nameof(Options.Population)}.{nameof(LifPopulation.Options.Size)} or lower its inhibitory fraction.");
    }

    private protected override (bool Continuous, int ActionSize, IReadOnlyList<PolicyOutput> Outputs) PolicyColumnsFor(Env env) => (false, 1, []);

    private protected override PolicyTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var box = (BoxSpace)ObservationSpace;
        var actions = (DiscreteSpace)ActionSpace;
        _seed = seed;
        _firstAction = actions.Start;
        var populationOptions = Copy(options.Population);
        var setup = SplitMix64.ForStream((ulong)(uint)seed, 0x5D1C);
        var inputWeights = SpikingAgent.DrawInputWeights(populationOptions.Size, 2 * box.Size, options.InputConnectivity, (float)options.InputWeight, ref setup);
        _agent = new SpikingAgent(populationOptions, inputWeights, box.Low.ToArray(), box.High.ToArray(), actions.N,
            options.Encoding, (float)options.InputRate, options.StepsPerDecision, options.Readout);
        // This population is never stepped: it holds the learned weights and applies the clipped weight changes.
        _weights = new LifPopulation(populationOptions, setup.NextUInt64());
        _rule = CreateRule((float)(options.InitialBaseline ?? 0));
        _random = SplitMix64.ForStream((ulong)(uint)seed, 0xD0FA);
        _environmentSteps = 0;
        var history = new TrainingHistory();
        var episodes = new EpisodeTracker(1, EnvironmentId, "training needs finite observations and rewards");
        _episodes = episodes;
        var env = Factory();
        try
        {
            var run = BeginRun(this, seed, options.Episodes, "episodes", history, options.ResumeFrom,
                $"{populationOptions.Size} LIF neurons, {actions.N} motor pools of {_agent.PoolSize}, {options.Readout} readout, {options.Encoding} coding, " +
                $"T {options.StepsPerDecision}, η {options.LearningRate}, β {options.BaselineRate}, dopamine {(options.DopamineModulation ? "on" : "off")}, " +
                $"{options.Episodes:N0} episodes on {EnvironmentId}");
            var observation = new float[box.Size];
            var action = new float[1];
            var before = new float[_weights.Weights.Length];
            Span<double> scores = stackalloc double[actions.N];
            while (run.Iteration < options.Episodes && _environmentSteps < options.TotalTimesteps)
            {
                run.ThrowIfCancelled();
                episodes.Start(0);
                env.Reset(observation, (int)(_random.NextUInt64() >> 33));
                episodes.CheckObservation(observation, 0, _environmentSteps);
                var done = false;
                EpisodeRecord? record = null;
                while (!done)
                {
                    var a = _agent.Decide(_weights.Weights, observation, _random.NextUInt64(), _rule, scores);
                    action[0] = _firstAction + a;
                    var outcome = env.Step(action, observation);
                    _environmentSteps++;
                    episodes.Step(0, outcome.Reward, _environmentSteps);
                    done = outcome.Done;
                    if (done)
                        record = episodes.End(0, _environmentSteps, run.Clock.Seconds, run.Iteration);
                    else
                        episodes.CheckObservation(observation, 0, _environmentSteps);
                }
                var episodeReturn = (float)record!.Return;
                _weights.Weights.CopyTo(before);
                // Without an initial baseline the first return is the baseline: its dopamine is 0.
                var firstSetsBaseline = run.Iteration == 0 && options.InitialBaseline is null;
                var baseline = firstSetsBaseline ? episodeReturn : _rule.Baseline;
                float dopamine;
                if (options.DopamineModulation && !firstSetsBaseline)
                {
                    dopamine = _rule.EndTrial(episodeReturn, _weights);
                }
                else if (options.DopamineModulation)
                {
                    dopamine = 0f;
                    _rule = CreateRule(baseline);
                }
                else
                {
                    // Plain STDP: the same eligibility and learning rate, applied whatever the return; the baseline is kept
                    // as the rule would, only to be recorded.
                    dopamine = episodeReturn - baseline;
                    _weights.ApplyWeightChange(_rule.Stdp.Eligibility, (float)options.LearningRate);
                    _rule = CreateRule(baseline + (float)options.BaselineRate * (episodeReturn - baseline));
                }
                TensorPrimitives.Subtract(_weights.Weights, before, before);
                var change = TensorPrimitives.SumOfMagnitudes(before) / before.Length;
                history.AddEpisode(record, extra: null);
                run.Iteration++;
                run.Steps = run.Iteration;
                run.Record(DopamineKey, dopamine);
                run.Record(WeightChangeKey, change);
                run.Record(BaselineKey, _rule.Baseline);
                run.Record(MetricKeys.LearningRate, options.LearningRate);
                if (!EndIteration(run))
                    break;
            }
            EndRun(run);
            return CreateTransformer(CurrentModel(), history);
        }
        finally
        {
            (env as IDisposable)?.Dispose();
            _episodes = null;
        }
    }

    private RewardModulatedStdp CreateRule(float baseline) => new(_weights!, new RewardModulatedStdp.Options
    {
        LearningRate = (float)TrainerOptions.LearningRate,
        BaselineRate = (float)TrainerOptions.BaselineRate,
        InitialBaseline = baseline,
        ResetTracesBetweenTrials = true,
        Stdp = TrainerOptions.Stdp,
    });

    private protected override PolicyModel CurrentModel() =>
        new RewardModulatedStdpPolicy(_agent!, _weights!.Weights.ToArray(), _firstAction, (ulong)TrainerOptions.PolicyNoiseSeed);

    private protected override byte[] SnapshotWeights()
    {
        var weights = _weights!.Weights;
        var bytes = new byte[weights.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights).CopyTo(bytes);
        return bytes;
    }

    private protected override void RestoreWeights(byte[] snapshot) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(snapshot).CopyTo(_weights!.Weights);

    private protected override string Identity =>
        $"{Name} on {EnvironmentId}, seed {_seed}, {_agent!.Size} neurons, {_agent.Actions} actions, {_agent.Readout} readout, {_agent.Encoding} coding, " +
        $"T {_agent.StepsPerDecision}, dopamine {(TrainerOptions.DopamineModulation ? "on" : "off")}";

    // Checkpoints are written between episodes, when the eligibility and traces are clear and the next episode starts
    // with a reset seeded from the stream: weights, stream, counters and the baseline are the whole state.
    private protected override void WriteState(BinaryWriter writer)
    {
        writer.Write(SnapshotWeights());
        writer.Write(_random.State);
        writer.Write(_environmentSteps);
        writer.Write(_rule!.Baseline);
        _episodes!.Write(writer);
    }

    private protected override void ReadState(BinaryReader reader)
    {
        RestoreWeights(reader.ReadBytes(_weights!.Weights.Length * sizeof(float)));
        _random = new SplitMix64(reader.ReadUInt64());
        _environmentSteps = reader.ReadInt64();
        _rule = CreateRule(reader.ReadSingle());
        _episodes!.Read(reader);
    }

    private static LifPopulation.Options Copy(LifPopulation.Options o) => new()
    {
        Size = o.Size,
        InhibitoryFraction = o.InhibitoryFraction,
        Tau = o.Tau,
        TimeStep = o.TimeStep,
        Threshold = o.Threshold,
        ResetPotential = o.ResetPotential,
        RefractorySteps = o.RefractorySteps,
        BaseCurrent = o.BaseCurrent,
        NoiseStd = o.NoiseStd,
        ExcitatoryMin = o.ExcitatoryMin,
        ExcitatoryMax = o.ExcitatoryMax,
        InhibitoryMin = o.InhibitoryMin,
        InhibitoryMax = o.InhibitoryMax,
        InitialWeightMagnitude = o.InitialWeightMagnitude,
    };
}
