using System.Numerics.Tensors;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Plasticity;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// An agent that learns without backpropagation: a recurrent population of LIF neurons (<see cref="LifPopulation"/>)
/// reads the sensors through input neurons, motor pools read out the action (<see cref="SpikeReadout"/>), and the
/// recurrent weights onto the pools learn by a three-factor rule — an eligibility tag times dopamine. By default the tag
/// is set by the motor decision on the synapses the pathway readout read (<see cref="PlasticityEligibility.DecisionPathway"/>)
/// and dopamine is a linear critic's temporal-difference error after every decision
/// (<see cref="DopamineSignal.TemporalDifference"/>): ΔW = η·δ·E, W clipped into its sign's range. The user's original
/// rule — STDP over the episode, dopamine = return − baseline at its end — is <see cref="PlasticityEligibility.SpikeTiming"/>
/// with <see cref="DopamineSignal.EpisodeReturn"/>. Managed — no TorchSharp. One iteration is one episode; curricula and
/// learning-rate schedules come from the shared training ground; the result is a <see cref="RewardModulatedStdpPolicy"/>
/// in a <see cref="PolicyTransformer"/>. Synaptic.ML.Trainers/Plasticity/README.md has the measurements.
/// </summary>
/// <remarks>
/// Exploration is the network's own variability: during training every decision draws a fresh seed for its noise and
/// input spike trains from the trainer's random stream; the trained policy uses one fixed seed for every decision
/// (deterministic scoring). Each environment reset takes a seed from the same stream, so a checkpoint — written
/// between episodes — holds everything and a resumed run equals the uninterrupted one.
/// </remarks>
public sealed partial class RewardModulatedStdpTrainer : PlasticityTrainer<RewardModulatedStdpTrainer.Options>
{
    private const string DopamineKey = "rstdp/dopamine";
    private const string WeightChangeKey = "rstdp/weight_change";
    private const string BaselineKey = "rstdp/baseline";

    private SpikingAgent? _agent;
    private LifPopulation? _weights;
    private RewardModulatedStdp? _rule;
    private DecisionPathwayTags? _tags;
    private PoolSynapticScaling? _scaling;
    private LinearCritic? _critic;
    private readonly float[] _actionBuffer = new float[1];
    private int _firstAction;
    private int _seed;

    internal RewardModulatedStdpTrainer(MLContext context, Options options) : base(context, options, nameof(RewardModulatedStdpTrainer))
    {
    }

    /// <summary>
    /// The metric key of each episode's dopamine: return − baseline with <see cref="DopamineSignal.EpisodeReturn"/>, the
    /// mean temporal-difference error of its decisions with <see cref="DopamineSignal.TemporalDifference"/> (the ablation
    /// records it too, unused).
    /// </summary>
    public static string DopamineMetric => DopamineKey;

    /// <summary>The metric key of each episode's mean |ΔW| over the recurrent weights.</summary>
    public static string WeightChangeMetric => WeightChangeKey;

    /// <summary>The metric key of the baseline after each episode (<see cref="DopamineSignal.EpisodeReturn"/> only).</summary>
    public static string BaselineMetric => BaselineKey;

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

    private protected override PolicyTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var box = (BoxSpace)ObservationSpace;
        var actions = (DiscreteSpace)ActionSpace;
        _seed = seed;
        _firstAction = actions.Start;
        var populationOptions = Copy(options.Population);
        var setup = SplitMix64.ForStream((ulong)(uint)seed, 0x5D1C);
        var inputs = SpikingAgent.InputCountFor(options.Encoding, box.Size, options.InputPopulationSize);
        var inputWeights = SpikingAgent.DrawInputWeights(populationOptions.Size, inputs, options.InputConnectivity, (float)options.InputWeight, ref setup);
        _agent = new SpikingAgent(populationOptions, inputWeights, box.Low.ToArray(), box.High.ToArray(), actions.N,
            options.Encoding, (float)options.InputRate, options.StepsPerDecision, options.Readout, options.InputPopulationSize);
        // This population is never stepped: it holds the learned weights and applies the clipped weight changes.
        _weights = new LifPopulation(populationOptions, setup.NextUInt64());
        // The targets are the untrained weights' sums, also when a checkpoint then restores trained weights.
        _scaling = options.ScalesPools ? new PoolSynapticScaling(_weights, actions.N * _agent.PoolSize) : null;
        _rule = CreateRule((float)(options.InitialBaseline ?? 0));
        _tags = new DecisionPathwayTags(_agent.Size, actions.N, _agent.PoolSize);
        _critic = new LinearCritic(_agent.Size);
        BeginEpisodes(SplitMix64.ForStream((ulong)(uint)seed, 0xD0FA), "training needs finite observations and rewards");
        var history = new TrainingHistory();
        var env = Factory();
        try
        {
            var run = BeginRun(this, seed, options.Episodes, "episodes", history, options.ResumeFrom,
                $"{populationOptions.Size} LIF neurons, {actions.N} motor pools of {_agent.PoolSize}, {options.Readout} readout, {options.Encoding} coding, " +
                $"T {options.StepsPerDecision}, {options.Eligibility} eligibility, {options.Dopamine} dopamine{(options.DopamineModulation ? "" : " (off: plain plasticity)")}, " +
                $"η {options.LearningRate}, {options.Episodes:N0} episodes on {EnvironmentId}");
            var window = new DecisionWindow(box.Size, _agent.Size, actions.N);
            var before = new float[_weights.Weights.Length];
            while (run.Iteration < options.Episodes && EnvironmentSteps < options.TotalTimesteps)
            {
                run.ThrowIfCancelled();
                var progress = (double)run.Iteration / options.Episodes;
                // Without a curriculum the whole run is one phase, so the episodes in the phase are the episodes.
                var point = Curriculum is { } curriculum
                    ? curriculum.PointAt(progress, run.Iteration)
                    : new SchedulePoint(progress, run.Iteration, 0, run.Iteration);
                var learningRate = (float)options.LearningRateSchedule.At(options.LearningRate, point);
                _weights.Weights.CopyTo(before);
                var (record, dopamine) = options.Dopamine == DopamineSignal.TemporalDifference
                    ? PlayWithTemporalDifference(env, window, learningRate, run)
                    : PlayWithEpisodeReturn(env, window, learningRate, run);
                TensorPrimitives.Subtract(_weights.Weights, before, before);
                var change = TensorPrimitives.SumOfMagnitudes(before) / before.Length;
                history.AddEpisode(record, (env as CurriculumEnv)?.EndedEpisodePhase);
                run.Iteration++;
                run.Steps = run.Iteration;
                run.Record(DopamineKey, dopamine);
                run.Record(WeightChangeKey, change);
                if (options.Dopamine == DopamineSignal.EpisodeReturn)
                    run.Record(BaselineKey, _rule.Baseline);
                run.Record(MetricKeys.LearningRate, learningRate);
                if (!EndIteration(run))
                    break;
            }
            EndRun(run);
            return CreateTransformer(CurrentModel(), history);
        }
        finally
        {
            (env as IDisposable)?.Dispose();
            EndEpisodes();
        }
    }

    /// <summary>
    /// One episode learning after every decision: δ = r + γ·V(x′) − V(x) from the critic on the window rates x = c/T,
    /// the critic's normalised LMS step, and W ← clip(W + η·δ·E) with E ← λ·E + e tagged at each decision.
    /// </summary>
    /// <returns>The episode and its mean δ.</returns>
    private (EpisodeRecord Record, float Dopamine) PlayWithTemporalDifference(Env env, DecisionWindow window, float learningRate, TrainingRun run)
    {
        var options = TrainerOptions;
        var (agent, weights, tags, critic) = (_agent!, _weights!, _tags!, _critic!);
        var decay = (float)options.EligibilityDecay;
        var gamma = options.Discount;
        var observation = window.Observation;
        Begin(env, observation);
        tags.Clear();
        var chosen = Decide(window, observation, rule: null);
        window.RatesInto(window.Features, agent.WindowCounts, agent.StepsPerDecision);
        double errorSum = 0;
        var decisions = 0;
        while (true)
        {
            tags.Decide(decay, chosen, agent.WindowCounts, agent.StepsPerDecision);
            var outcome = Act(env, chosen, observation);
            var next = 0.0;
            var nextChosen = -1;
            if (!outcome.Terminated)
            {
                // Also at the time limit: the final observation's value is what the episode would have gone on to earn.
                nextChosen = Decide(window, observation, rule: null);
                window.RatesInto(window.NextFeatures, agent.WindowCounts, agent.StepsPerDecision);
                next = critic.Value(window.NextFeatures);
            }
            var error = outcome.Reward + gamma * next - critic.Value(window.Features);
            critic.Learn(window.Features, error, options.CriticStepSize);
            var modulation = options.DopamineModulation ? (float)error : 1f;
            if (learningRate != 0f && modulation != 0f)
            {
                tags.AddTo(weights.Weights, learningRate * modulation);
                weights.EnforceConstraints();
                _scaling?.Apply(weights);
            }
            errorSum += error;
            decisions++;
            if (outcome.Done)
                return (EndEpisode(run), (float)(errorSum / decisions));
            window.SwapFeatures();
            chosen = nextChosen;
        }
    }

    /// <summary>
    /// One episode learning at its end: dopamine = return − baseline (0 for the first episode without an initial
    /// baseline), W ← clip(W + η·dopamine·E) with the decision tags or the episode's STDP, then the baseline moves by β.
    /// </summary>
    /// <returns>The episode and its dopamine.</returns>
    private (EpisodeRecord Record, float Dopamine) PlayWithEpisodeReturn(Env env, DecisionWindow window, float learningRate, TrainingRun run)
    {
        var options = TrainerOptions;
        var (agent, weights, tags) = (_agent!, _weights!, _tags!);
        var pathway = options.Eligibility == PlasticityEligibility.DecisionPathway;
        var decay = (float)options.EligibilityDecay;
        var observation = window.Observation;
        Begin(env, observation);
        tags.Clear();
        StepOutcome outcome;
        do
        {
            var chosen = Decide(window, observation, pathway ? null : _rule);
            if (pathway)
                tags.Decide(decay, chosen, agent.WindowCounts, agent.StepsPerDecision);
            outcome = Act(env, chosen, observation);
        }
        while (!outcome.Done);
        var record = EndEpisode(run);
        var episodeReturn = (float)record.Return;
        // Without an initial baseline the first return is the baseline: its dopamine is 0.
        var firstSetsBaseline = run.Iteration == 0 && options.InitialBaseline is null;
        var baseline = firstSetsBaseline ? episodeReturn : _rule!.Baseline;
        var dopamine = firstSetsBaseline ? 0f : episodeReturn - baseline;
        var modulation = options.DopamineModulation ? dopamine : 1f;
        if (pathway)
        {
            if (learningRate != 0f && modulation != 0f)
            {
                tags.AddTo(weights.Weights, learningRate * modulation);
                weights.EnforceConstraints();
                _scaling?.Apply(weights);
            }
        }
        else if (modulation != 0f)
        {
            weights.ApplyWeightChange(_rule!.Stdp.Eligibility, learningRate * modulation);
            _scaling?.Apply(weights);
        }
        // The rule keeps the baseline (and, for STDP, the traces, cleared per episode).
        _rule = CreateRule(baseline + (float)options.BaselineRate * (episodeReturn - baseline));
        return (record, dopamine);
    }

    private void Begin(Env env, float[] observation)
    {
        ResetEnvironment(env, observation);
        Episodes.CheckObservation(observation, 0, EnvironmentSteps);
    }

    private int Decide(DecisionWindow window, float[] observation, RewardModulatedStdp? rule) =>
        _agent!.Decide(_weights!.Weights, observation, TrainingRandom.NextUInt64(), rule, window.Scores);

    private StepOutcome Act(Env env, int chosen, float[] observation)
    {
        _actionBuffer[0] = _firstAction + chosen;
        var outcome = StepEnvironment(env, _actionBuffer, observation);
        if (!outcome.Done)
            Episodes.CheckObservation(observation, 0, EnvironmentSteps);
        return outcome;
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

    private protected override int SnapshotLength => _weights!.Weights.Length * sizeof(float);

    private protected override void RestoreWeights(byte[] snapshot) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(snapshot).CopyTo(_weights!.Weights);

    private protected override string Identity =>
        $"{Name} on {EnvironmentId}, seed {_seed}, {_agent!.Size} neurons, {_agent.Actions} actions, {_agent.Readout} readout, {_agent.Encoding} coding, " +
        $"T {_agent.StepsPerDecision}, {TrainerOptions.Eligibility} eligibility, {TrainerOptions.Dopamine} dopamine {(TrainerOptions.DopamineModulation ? "on" : "off")}, " +
        $"pool scaling {(_scaling is null ? "off" : "on")}";

    // Besides the weights, stream and counters (PlasticityTrainer): the baseline and the critic.
    private protected override void WriteLearnerState(BinaryWriter writer)
    {
        writer.Write(_rule!.Baseline);
        _critic!.Write(writer);
    }

    private protected override void ReadLearnerState(BinaryReader reader)
    {
        _rule = CreateRule(reader.ReadSingle());
        _critic!.Read(reader);
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
