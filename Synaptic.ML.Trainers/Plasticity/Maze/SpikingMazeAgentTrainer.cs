using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A spiking maze agent that learns by reward-modulated STDP: one place cell per grid cell (the Discrete observation,
/// one-hot, as a spike train), one pool of LIF action neurons per action (<see cref="PlaceCellNetwork"/>), plastic
/// place-cell → action weights. Every decision's STDP eligibility e enters a trace E ← λ·E + e; the dopamine is the
/// reward-prediction error of a tabular critic on the place cells, δ = r + γ·V(s′) − V(s) (0 in place of V(s′) at a
/// goal), V(s) ← V(s) + α·δ; and after every environment step ΔW = η·δ·E, clipped to [min, max]. An optional teacher
/// injects current into the pool of a shortest-path action on a fraction of training decisions; on a fraction of the
/// others the same current goes into a random pool (exploration). Managed — no TorchSharp.
/// One iteration is one episode; the result is a <see cref="SpikingMazeAgentPolicy"/> in a <see cref="PolicyTransformer"/>.
/// </summary>
/// <remarks>
/// Exploration is the network's own variability: every training decision draws a fresh seed for its input spikes and
/// membrane noise from the trainer's stream; the trained policy uses one fixed seed (deterministic scoring). Each reset
/// takes a seed from the same stream, and checkpoints are written between episodes (when E is 0), so weights, critic,
/// stream and counters are the whole state and a resumed run equals the uninterrupted one.
/// </remarks>
public sealed partial class SpikingMazeAgentTrainer : PlasticityTrainer<SpikingMazeAgentTrainer.Options>
{
    private const string TdErrorKey = "maze/td_error";
    private const string WeightChangeKey = "maze/weight_change";
    private const string TeacherKey = "maze/teacher_fraction";
    private const string GoalKey = "maze/goal";

    private PlaceCellNetwork? _network;
    private float[] _weights = [];
    private float[] _values = [];
    private int _firstState;
    private int _firstAction;
    private int _seed;

    internal SpikingMazeAgentTrainer(MLContext context, Options options) : base(context, options, nameof(SpikingMazeAgentTrainer))
    {
    }

    /// <summary>The metric key of each episode's mean TD error δ (the dopamine, also recorded by the ablation, unused there).</summary>
    public static string TdErrorMetric => TdErrorKey;

    /// <summary>The metric key of each episode's mean |ΔW| over the weights.</summary>
    public static string WeightChangeMetric => WeightChangeKey;

    /// <summary>The metric key of the fraction of an episode's decisions the teacher drove.</summary>
    public static string TeacherFractionMetric => TeacherKey;

    /// <summary>The metric key of whether an episode reached a goal (1) or not (0).</summary>
    public static string GoalMetric => GoalKey;

    /// <summary>The critic's values V(s), one per place cell, as training left them (empty before <c>Fit</c>).</summary>
    public IReadOnlyList<float> CriticValues => _values;

    private protected override void CheckEnvironment(Env env)
    {
        if (env.ObservationSpace is not DiscreteSpace)
            throw new NotSupportedException($"{Name} has one place cell per state: {env.Id}'s observation space {env.ObservationSpace} is not discrete (GridWorld's default cell index is).");
        if (env.ActionSpace is not DiscreteSpace)
            throw new NotSupportedException($"{Name} has one action pool per action: {env.Id}'s action space {env.ActionSpace} is not discrete.");
        if (TrainerOptions.TeacherProbability > 0 && env.Unwrapped is not GridWorld)
            throw new NotSupportedException(
                $"{Name}'s teacher solves a GridWorld map: {env.Id} is a {env.Unwrapped.GetType().Name}, so {nameof(Options.TeacherProbability)} must be 0; it is {TrainerOptions.TeacherProbability}.");
    }

    private protected override PolicyTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var states = (DiscreteSpace)ObservationSpace;
        var actions = (DiscreteSpace)ActionSpace;
        _seed = seed;
        _firstState = states.Start;
        _firstAction = actions.Start;
        _network = new PlaceCellNetwork(states.N, actions.N, options.PoolSize, options.StepsPerDecision, (float)options.InputRate, (float)options.MembraneTau,
            (float)options.NoiseStd, (float)options.Inhibition, (float)options.WeightMin, (float)options.WeightMax);
        var setup = SplitMix64.ForStream((ulong)(uint)seed, 0x3A2E);
        _weights = new float[_network.Neurons * _network.Cells];
        for (var k = 0; k < _weights.Length; k++)
            _weights[k] = Clip(options.InitialWeight + options.InitialWeightSpread * (2 * setup.NextDouble() - 1));
        _values = new float[states.N];
        Array.Fill(_values, (float)options.InitialValue);
        BeginEpisodes(SplitMix64.ForStream((ulong)(uint)seed, 0xA2E0), "the maze agent needs cell indices and finite rewards");
        var history = new TrainingHistory();
        var stdp = ((float)options.StdpPlus, (float)options.StdpMinus, (float)options.StdpTau);
        var eta = (float)options.LearningRate;
        var lambda = (float)options.EligibilityDecay;
        var env = Factory();
        try
        {
            var grid = env.Unwrapped as GridWorld;
            MazeTeacher? teacher = null;
            var run = BeginRun(this, seed, options.Episodes, "episodes", history, options.ResumeFrom,
                $"{states.N} place cells → {actions.N} pools of {options.PoolSize} LIF neurons, T {options.StepsPerDecision}, η {options.LearningRate}, λ {options.EligibilityDecay}, " +
                $"γ {options.Gamma}, dopamine {(options.DopamineModulation ? "TD error" : "off (plain STDP)")}, teacher {options.TeacherProbability}, exploration {options.ExplorationProbability}, {options.Episodes:N0} episodes on {EnvironmentId}");
            var observation = new float[1];
            var action = new float[1];
            var trace = new float[_weights.Length];
            var window = new float[_network.Neurons];
            var counts = new int[actions.N];
            var before = new float[_weights.Length];
            while (run.Iteration < options.Episodes && EnvironmentSteps < options.TotalTimesteps)
            {
                run.ThrowIfCancelled();
                ResetEnvironment(env, observation);
                if (options.TeacherProbability > 0 && !ReferenceEquals(teacher?.Map, grid!.Map))
                    teacher = new MazeTeacher(grid.Map);
                var state = State(observation[0]);
                Array.Clear(trace);
                _weights.CopyTo(before, 0);
                double tdErrors = 0;
                var decisions = 0;
                var taught = 0;
                var done = false;
                var reachedGoal = false;
                EpisodeRecord? record = null;
                while (!done)
                {
                    // Both draws are made on every decision, so the stream does not depend on the maze or the options' values.
                    var teach = TrainingRandom.NextDouble() < options.TeacherProbability;
                    var explore = TrainingRandom.NextDouble() < options.ExplorationProbability;
                    var randomPool = TrainingRandom.NextInt(actions.N);
                    var drivenPool = teach && teacher is not null ? teacher.Action(state) : -1;
                    if (drivenPool >= 0)
                        taught++;
                    else if (explore)
                        drivenPool = randomPool;
                    var a = _network.Decide(_weights, state, TrainingRandom.NextUInt64(), true, stdp, drivenPool, (float)options.InjectedCurrent, window, counts);
                    if (options.CenteredEligibility)
                        Center(window);
                    // E ← λ·E + e: only the active place cell's column receives this window's eligibility.
                    for (var k = 0; k < trace.Length; k++)
                        trace[k] *= lambda;
                    for (var i = 0; i < window.Length; i++)
                        trace[i * _network.Cells + state] += window[i];
                    // A taught decision is also a supervised one: its tags are applied at once with the teacher's own
                    // dopamine κ (positive), so the teacher's action is learned before the critic knows its worth.
                    if (teach && drivenPool >= 0 && options.TeacherDopamine > 0)
                    {
                        for (var i = 0; i < window.Length; i++)
                        {
                            ref var w = ref _weights[i * _network.Cells + state];
                            w = Clip(w + eta * (float)options.TeacherDopamine * window[i]);
                        }
                    }
                    action[0] = _firstAction + a;
                    var outcome = StepEnvironment(env, action, observation);
                    done = outcome.Done;
                    reachedGoal = outcome.Terminated;
                    var next = outcome.Terminated ? -1 : State(observation[0]);
                    // Dopamine = reward-prediction error of the critic (Schultz 1997): δ = r + γ·V(s′) − V(s).
                    var delta = (float)(outcome.Reward + (next < 0 ? 0 : options.Gamma * _values[next]) - _values[state]);
                    _values[state] += (float)options.CriticLearningRate * delta;
                    var dopamine = options.DopamineModulation ? delta : 1f;
                    for (var k = 0; k < _weights.Length; k++)
                        _weights[k] = Clip(_weights[k] + eta * dopamine * trace[k]);
                    tdErrors += delta;
                    decisions++;
                    if (done)
                        record = EndEpisode(run);
                    else
                        state = next;
                }
                double change = 0;
                for (var k = 0; k < _weights.Length; k++)
                    change += Math.Abs(_weights[k] - before[k]);
                history.AddEpisode(record!, extra: null);
                run.Iteration++;
                run.Steps = run.Iteration;
                run.Record(TdErrorKey, tdErrors / decisions);
                run.Record(WeightChangeKey, change / _weights.Length);
                run.Record(TeacherKey, (double)taught / decisions);
                run.Record(GoalKey, reachedGoal ? 1 : 0);
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
            EndEpisodes();
        }
    }

    /// <summary>
    /// e_i ← e_i − mean(e): the tag of the neurons that fired with the place cell minus the average tag of all action
    /// neurons, so a window's eligibility sums to 0 over the pools (heterosynaptic balance). With the chosen pool tagged
    /// most, this is the spiking counterpart of a softmax policy's eligibility 1[a] − π(a) (Williams 1992): a negative
    /// dopamine then raises the other actions' weights as well as lowering the chosen one's.
    /// </summary>
    private static void Center(Span<float> window)
    {
        var mean = 0f;
        foreach (var e in window)
            mean += e;
        mean /= window.Length;
        for (var i = 0; i < window.Length; i++)
            window[i] -= mean;
    }

    private float Clip(double w) => (float)Math.Clamp(w, TrainerOptions.WeightMin, TrainerOptions.WeightMax);

    /// <summary>The place cell of an observation, refusing what is no cell (naming the episode and step).</summary>
    private int State(float observation) =>
        QTablePolicy.IndexOf(observation, _firstState, _values.Length) is int cell
            ? cell
            : throw Episodes.Failure($"returned observation {observation}, which is no cell of its {_values.Length}-state space", 0, EnvironmentSteps);

    private protected override PolicyModel CurrentModel() =>
        new SpikingMazeAgentPolicy(_network!, (float[])_weights.Clone(), _firstState, _firstAction, (ulong)TrainerOptions.PolicyNoiseSeed);

    private protected override byte[] SnapshotWeights()
    {
        var bytes = new byte[(_weights.Length + _values.Length) * sizeof(float)];
        Buffer.BlockCopy(_weights, 0, bytes, 0, _weights.Length * sizeof(float));
        Buffer.BlockCopy(_values, 0, bytes, _weights.Length * sizeof(float), _values.Length * sizeof(float));
        return bytes;
    }

    private protected override int SnapshotLength => (_weights.Length + _values.Length) * sizeof(float);

    private protected override void RestoreWeights(byte[] snapshot)
    {
        Buffer.BlockCopy(snapshot, 0, _weights, 0, _weights.Length * sizeof(float));
        Buffer.BlockCopy(snapshot, _weights.Length * sizeof(float), _values, 0, _values.Length * sizeof(float));
    }

    private protected override string Identity =>
        $"{Name} on {EnvironmentId}, seed {_seed}, {_network!.Cells} place cells, {_network.Actions} pools of {_network.PoolSize}, T {_network.StepsPerDecision}, " +
        $"dopamine {(TrainerOptions.DopamineModulation ? "on" : "off")}, teacher {TrainerOptions.TeacherProbability}";
}
