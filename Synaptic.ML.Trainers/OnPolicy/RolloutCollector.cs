using Synaptic.ML.Environments.Vector;
using Synaptic.ML.Randomness;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Steps the vector environment with the current policy and fills a <see cref="RolloutBuffer"/>: actions are
/// drawn on the CPU from the trainer's own generator, truncated episodes are bootstrapped with the critic,
/// finished episodes go to the <see cref="TrainingHistory"/>, and non-finite observations or rewards stop
/// training with the episode and step named.
/// </summary>
internal sealed class RolloutCollector : IRolloutCollector
{
    private readonly VectorEnv _envs;
    private readonly ActorCritic _network;
    private readonly double _gamma;
    private readonly TrainingHistory _history;
    private readonly int _n;
    private readonly int _observationSize;
    private readonly int _actionSize;
    private readonly float[] _parameters;
    private readonly float[] _values;
    private readonly float[] _raw;
    private readonly float[] _environmentActions;
    private readonly EpisodeTracker _episodes;
    private float[] _logStd = [];
    private SplitMix64 _random;

    public RolloutCollector(VectorEnv envs, ActorCritic network, double gamma, TrainingHistory history, string environmentId)
    {
        _envs = envs;
        _network = network;
        _gamma = gamma;
        _history = history;
        _n = envs.NumEnvs;
        _observationSize = envs.ObservationSize;
        _actionSize = network.Head.ActionSize;
        _parameters = new float[_n * network.Head.ParameterCount];
        _values = new float[_n];
        _raw = new float[_n * _actionSize];
        _environmentActions = new float[_n * _actionSize];
        _episodes = new EpisodeTracker(_n, environmentId, "training needs finite observations and rewards");
    }

    public long EnvironmentSteps { get; private set; }

    public int EpisodesFinished { get; private set; }

    /// <summary>Starts training: resets every sub-environment (i with seed + i).</summary>
    public void Start(int seed)
    {
        _random = SplitMix64.ForStream((ulong)(uint)seed, 0x5A3F1E);
        ResetAll(seed);
    }

    /// <summary>Collects <paramref name="steps"/> steps of every sub-environment; episodes run on across rollouts.</summary>
    public void CollectSteps(RolloutBuffer buffer, int steps, Func<double> wallSeconds, int update)
    {
        buffer.Start(steps);
        _logStd = _network.LogStd is { } logStd ? logStd.detach().data<float>().ToArray() : [];
        for (var t = 0; t < steps; t++)
        {
            StoreAndAct(buffer, t, null);
            StepEnvironments(buffer, t, null, wallSeconds, update);
            buffer.EndStep(t, _n);
        }
        if (_network.HasCritic)
            PredictValues(_envs.Observations, buffer.LastValues);
    }

    /// <summary>Resets every sub-environment and runs each for exactly one whole episode.</summary>
    public void CollectEpisodes(RolloutBuffer buffer, int plannedSteps, Func<double> wallSeconds, int update)
    {
        ResetAll(_random.NextInt(int.MaxValue));
        buffer.Start(plannedSteps);
        _logStd = _network.LogStd is { } logStd ? logStd.detach().data<float>().ToArray() : [];
        var active = new bool[_n];
        Array.Fill(active, true);
        var remaining = _n;
        for (var t = 0; remaining > 0; t++)
        {
            buffer.EnsureStep(t);
            StoreAndAct(buffer, t, active);
            var before = remaining;
            remaining = StepEnvironments(buffer, t, active, wallSeconds, update);
            buffer.EndStep(t, before);
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(EnvironmentSteps);
        writer.Write(EpisodesFinished);
        writer.Write(_random.State);
        _episodes.Write(writer);
        _envs.SaveState(writer);
    }

    public void Read(BinaryReader reader)
    {
        EnvironmentSteps = reader.ReadInt64();
        EpisodesFinished = reader.ReadInt32();
        _random = new SplitMix64(reader.ReadUInt64());
        _episodes.Read(reader);
        _envs.LoadState(reader);
    }

    private void ResetAll(int seed)
    {
        _envs.Reset(seed);
        for (var i = 0; i < _n; i++)
        {
            _episodes.Start(i);
            CheckObservation(_envs.Observations, i, 0);
        }
    }

    private void StoreAndAct(RolloutBuffer buffer, int t, bool[]? active)
    {
        var head = _network.Head;
        var p = head.ParameterCount;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var observations = Tensors.Copy(_envs.Observations, _n, _observationSize);
            _network.ActionParameters(observations).data<float>().CopyTo(_parameters);
            if (_network.HasCritic)
                _network.Value(observations).data<float>().CopyTo(_values);
        }
        var k0 = t * _n;
        _envs.Observations.CopyTo(buffer.Observations, k0 * _observationSize);
        for (var i = 0; i < _n; i++)
        {
            var raw = _raw.AsSpan(i * _actionSize, _actionSize);
            var logProbability = head.Sample(_parameters.AsSpan(i * p, p), _logStd, raw, ref _random);
            head.ToEnvironmentAction(raw, _environmentActions.AsSpan(i * _actionSize, _actionSize));
            var k = k0 + i;
            raw.CopyTo(buffer.Actions.AsSpan(k * _actionSize, _actionSize));
            buffer.LogProbabilities[k] = (float)logProbability;
            buffer.Values[k] = _network.HasCritic ? _values[i] : 0f;
            buffer.Valid[k] = active?[i] ?? true;
        }
    }

    private int StepEnvironments(RolloutBuffer buffer, int t, bool[]? active, Func<double> wallSeconds, int update)
    {
        _envs.Step(_environmentActions);
        var k0 = t * _n;
        var remaining = 0;
        for (var i = 0; i < _n; i++)
        {
            var k = k0 + i;
            var counted = active?[i] ?? true;
            var reward = _envs.Rewards[i];
            var ended = _envs.Terminated[i] || _envs.Truncated[i];
            buffer.Rewards[k] = (float)reward;
            buffer.EpisodeEnded[k] = ended;
            if (!counted)
                continue;
            EnvironmentSteps++;
            _episodes.Step(i, reward, EnvironmentSteps);
            if (ended)
            {
                CheckObservation(_envs.FinalObservations, i, _episodes.Length(i));
                if (_envs.Truncated[i] && !_envs.Terminated[i] && _network.HasCritic)
                    buffer.Rewards[k] += (float)(_gamma * PredictValue(_envs.FinalObservations.AsSpan(i * _observationSize, _observationSize)));
                _history.AddEpisode(_episodes.End(i, EnvironmentSteps, wallSeconds(), update), (_envs.Envs[i] as CurriculumEnv)?.EndedEpisodePhase);
                EpisodesFinished++;
                if (active is not null)
                    active[i] = false;
                else
                    CheckObservation(_envs.Observations, i, 0);
            }
            else
            {
                CheckObservation(_envs.Observations, i, _episodes.Length(i));
                remaining++;
            }
        }
        return remaining;
    }

    private void CheckObservation(float[] observations, int environment, int step) =>
        _episodes.CheckObservation(observations.AsSpan(environment * _observationSize, _observationSize), environment, EnvironmentSteps, step);

    private float PredictValue(ReadOnlySpan<float> observation)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return _network.Value(Tensors.Copy(observation, 1, observation.Length)).item<float>();
    }

    private void PredictValues(float[] observations, float[] destination)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _network.Value(Tensors.Copy(observations, _n, _observationSize)).data<float>().CopyTo(destination);
    }
}
