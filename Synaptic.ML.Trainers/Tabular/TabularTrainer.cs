using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Trainers;

/// <summary>
/// The tabular layer: a Q-table over a discrete observation and a discrete action space, ε-greedy behaviour,
/// and a temporal-difference update after every environment step, Q(s, a) ← Q(s, a) + α·(r + γ·B(s′) − Q(s, a)),
/// where each algorithm gives only the bootstrap B of the next state. Managed — no TorchSharp — and trained in
/// iterations of <see cref="TabularOptions.StepsPerIteration"/> steps between which the shared callbacks run
/// (evaluation, best policy, checkpoints, progress). The result is a <see cref="QTablePolicy"/> in a
/// <see cref="PolicyTransformer"/>.
/// </summary>
/// <typeparam name="TOptions">The algorithm's options.</typeparam>
public abstract class TabularTrainer<TOptions> : EnvironmentTrainer<TOptions>
    where TOptions : TabularOptions
{
    private float[] _q = [];
    private int _actions;
    private int _firstState;
    private int _firstAction;
    private SplitMix64 _random;
    private VectorEnv? _envs;
    private int[] _nextActions = [];
    private EpisodeTracker? _episodes;
    private long _steps;
    private int _seed;

    private protected TabularTrainer(MLContext context, TOptions options, string name) : base(context, options, name)
    {
    }

    /// <summary>B(s′): the value the update bootstraps from, given the next state's row of Q, the action the behaviour will take there, and ε.</summary>
    /// <param name="next">Q(s′, ·).</param>
    /// <param name="nextAction">The ε-greedy action chosen in s′.</param>
    /// <param name="epsilon">The current ε.</param>
    /// <returns>The bootstrap value.</returns>
    private protected abstract double Bootstrap(ReadOnlySpan<float> next, int nextAction, double epsilon);

    /// <summary>
    /// The change of Q(s, a) for a TD error δ: α·δ here (the textbook update); a learner that shapes its step, as
    /// <see cref="StdpQLearningTrainer"/> by spike timing, overrides it. Called before the entry changes.
    /// </summary>
    /// <param name="row">Q(s, ·) before the update.</param>
    /// <param name="action">The action a taken in s (a column of <paramref name="row"/>).</param>
    /// <param name="error">δ = target − Q(s, a).</param>
    /// <param name="environment">Which sub-environment made the step.</param>
    /// <returns>The increment added to Q(s, a).</returns>
    private protected virtual double Increment(ReadOnlySpan<float> row, int action, double error, int environment) => TrainerOptions.LearningRate * error;

    /// <summary>Called when the run starts, with the number of sub-environments, before any step or checkpoint read.</summary>
    /// <param name="environments">Number of sub-environments.</param>
    private protected virtual void StartLearner(int environments)
    {
    }

    /// <summary>Metrics of a learner's own to record on a finished training episode's row (none here).</summary>
    /// <param name="environment">The sub-environment whose episode ended.</param>
    /// <returns>Key–value pairs, or null.</returns>
    private protected virtual IEnumerable<KeyValuePair<string, double>>? EndEpisode(int environment) => null;

    /// <summary>Writes a learner's own state to a checkpoint (nothing here).</summary>
    /// <param name="writer">The checkpoint writer.</param>
    private protected virtual void WriteLearnerState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="WriteLearnerState"/> wrote.</summary>
    /// <param name="reader">The checkpoint reader.</param>
    private protected virtual void ReadLearnerState(BinaryReader reader)
    {
    }

    private protected override bool UsesTorch => false;

    private protected override void CheckEnvironment(Env env)
    {
        if (env.ObservationSpace is not DiscreteSpace)
            throw new NotSupportedException($"{Name} learns a table over discrete states: {env.Id}'s observation space {env.ObservationSpace} is not discrete (wrap the environment in DiscretizeObservation).");
        if (env.ActionSpace is not DiscreteSpace)
            throw new NotSupportedException($"{Name} learns a table over discrete actions: {env.Id}'s action space {env.ActionSpace} is not discrete.");
    }

    private protected override (bool Continuous, int ActionSize, IReadOnlyList<PolicyOutput> Outputs) PolicyColumnsFor(Env env) =>
        (false, 1, [new(PolicyOutputRoles.QValues, ((DiscreteSpace)env.ActionSpace).N)]);

    private protected override PolicyTransformer Train(int seed)
    {
        var options = TrainerOptions;
        var states = (DiscreteSpace)ObservationSpace;
        var actions = (DiscreteSpace)ActionSpace;
        _seed = seed;
        _actions = actions.N;
        _firstState = states.Start;
        _firstAction = actions.Start;
        _q = new float[states.N * actions.N];
        Array.Fill(_q, (float)options.InitialQValue);
        _random = SplitMix64.ForStream((ulong)(uint)seed, 0x7AB1E);
        var history = new TrainingHistory();
        using var envs = CreateVectorEnv();
        _envs = envs;
        var n = envs.NumEnvs;
        _nextActions = new int[n];
        var episodes = new EpisodeTracker(n, EnvironmentId, "a Q-table needs state indices and finite rewards");
        _episodes = episodes;
        _steps = 0;
        var current = new int[n];
        var stepActions = new float[n];
        StartLearner(n);
        var run = BeginRun(this, seed, options.TotalTimesteps, "environment steps", history, options.ResumeFrom,
            $"{states.N} states × {actions.N} actions on {EnvironmentId}, {n} environments, {options.TotalTimesteps:N0} steps, α {options.LearningRate}, γ {options.Gamma}");
        if (!run.IsResumed)
        {
            envs.Reset(seed);
            for (var i = 0; i < n; i++)
            {
                episodes.Start(i);
                _nextActions[i] = Choose(State(envs.Observations[i], i), Epsilon(0));
            }
        }
        for (var i = 0; i < n; i++)
            current[i] = State(envs.Observations[i], i);
        while (_steps < options.TotalTimesteps)
        {
            run.ThrowIfCancelled();
            double tdError = 0;
            var updates = 0;
            var epsilon = 0.0;
            var iterationEnd = Math.Min(options.TotalTimesteps, _steps + options.StepsPerIteration);
            while (_steps < iterationEnd)
            {
                epsilon = Epsilon((double)_steps / options.TotalTimesteps);
                for (var i = 0; i < n; i++)
                    stepActions[i] = _firstAction + _nextActions[i];
                envs.Step(stepActions);
                for (var i = 0; i < n; i++)
                {
                    var reward = envs.Rewards[i];
                    var ended = envs.Terminated[i] || envs.Truncated[i];
                    _steps++;
                    episodes.Step(i, reward, _steps);
                    var s = current[i];
                    var a = _nextActions[i];
                    var target = reward;
                    if (!envs.Terminated[i])
                    {
                        // Truncated: bootstrap from the final observation, with the action the behaviour would take there.
                        var next = envs.Truncated[i] ? State(envs.FinalObservations[i], i) : State(envs.Observations[i], i);
                        target += options.Gamma * Bootstrap(_q.AsSpan(next * _actions, _actions), Choose(next, epsilon), epsilon);
                    }
                    ref var q = ref _q[s * _actions + a];
                    var error = target - q;
                    q += (float)Increment(_q.AsSpan(s * _actions, _actions), a, error, i);
                    tdError += Math.Abs(error);
                    updates++;
                    if (ended)
                        history.AddEpisode(episodes.End(i, _steps, run.Clock.Seconds, run.Iteration), extra: EndEpisode(i));
                    current[i] = State(envs.Observations[i], i);
                    _nextActions[i] = Choose(current[i], epsilon);
                }
            }
            run.Iteration++;
            run.Steps = _steps;
            run.Record(MetricKeys.Exploration, epsilon);
            run.Record(MetricKeys.TemporalDifferenceError, tdError / Math.Max(1, updates));
            run.Record(MetricKeys.LearningRate, options.LearningRate);
            if (!EndIteration(run))
                break;
        }
        EndRun(run);
        _envs = null;
        _episodes = null;
        return CreateTransformer(new QTablePolicy(states.N, actions.N, (float[])_q.Clone(), _firstState, _firstAction), history);
    }

    private double Epsilon(double progress)
    {
        var options = TrainerOptions;
        var within = Math.Min(1.0, progress / options.ExplorationFraction);
        return options.ExplorationFinal + (options.ExplorationInitial - options.ExplorationFinal) * options.ExplorationSchedule.At(1.0, within);
    }

    /// <summary>ε-greedy: a uniformly random action with probability ε, else the greedy one.</summary>
    private int Choose(int state, double epsilon)
    {
        var explore = _random.NextDouble() < epsilon;
        var randomAction = _random.NextInt(_actions);
        return explore ? randomAction : QTablePolicy.Greedy(_q.AsSpan(state * _actions, _actions));
    }

    /// <summary>The row index of an observation, refusing what is no state (naming the episode and step).</summary>
    private int State(float observation, int environment)
    {
        var states = _q.Length / _actions;
        return QTablePolicy.IndexOf(observation, _firstState, states) is int index
            ? index
            : throw _episodes!.Failure($"returned observation {observation}, which is no state of its {states}-state space", environment, _steps);
    }

    private protected override PolicyModel CurrentModel() => new QTablePolicy(_q.Length / _actions, _actions, (float[])_q.Clone(), _firstState, _firstAction);

    private protected override byte[] SnapshotWeights()
    {
        var bytes = new byte[_q.Length * sizeof(float)];
        Buffer.BlockCopy(_q, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private protected override void RestoreWeights(byte[] snapshot) => Buffer.BlockCopy(snapshot, 0, _q, 0, snapshot.Length);

    private protected override string Identity =>
        $"{Name} on {EnvironmentId}, {TrainerOptions.NumberOfEnvironments} environments, seed {_seed}, {_q.Length / _actions} states × {_actions} actions";

    private protected override void WriteState(BinaryWriter writer)
    {
        writer.Write(SnapshotWeights());
        writer.Write(_random.State);
        writer.Write(_steps);
        foreach (var action in _nextActions)
            writer.Write(action);
        _episodes!.Write(writer);
        _envs!.SaveState(writer);
        WriteLearnerState(writer);
    }

    private protected override void ReadState(BinaryReader reader)
    {
        RestoreWeights(reader.ReadBytes(_q.Length * sizeof(float)));
        _random = new SplitMix64(reader.ReadUInt64());
        _steps = reader.ReadInt64();
        for (var i = 0; i < _nextActions.Length; i++)
            _nextActions[i] = reader.ReadInt32();
        _episodes!.Read(reader);
        _envs!.LoadState(reader);
        ReadLearnerState(reader);
    }
}
