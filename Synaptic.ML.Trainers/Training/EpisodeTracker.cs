namespace Synaptic.ML.Trainers;

/// <summary>
/// The episode bookkeeping of an environment trainer over N sub-environments: each one's running return,
/// length and episode index (in order of start), the check that rewards are finite, and the message that names
/// the environment, episode and step when something returned by an environment is unusable.
/// </summary>
/// <param name="environments">N.</param>
/// <param name="environmentId">The environment, for messages.</param>
/// <param name="requirement">What training needs, ending the failure messages (e.g. "training needs finite observations and rewards").</param>
internal sealed class EpisodeTracker(int environments, string environmentId, string requirement)
{
    private readonly double[] _returns = new double[environments];
    private readonly int[] _lengths = new int[environments];
    private readonly int[] _ids = new int[environments];
    private int _started;

    /// <summary>Steps taken in sub-environment i's running episode.</summary>
    public int Length(int environment) => _lengths[environment];

    /// <summary>Starts a new episode in sub-environment i.</summary>
    public void Start(int environment)
    {
        _returns[environment] = 0;
        _lengths[environment] = 0;
        _ids[environment] = _started++;
    }

    /// <summary>Counts a step of sub-environment i and adds its reward, refusing a non-finite one.</summary>
    /// <param name="environment">i.</param>
    /// <param name="reward">The reward.</param>
    /// <param name="environmentSteps">Environment steps into training, for the message.</param>
    public void Step(int environment, double reward, long environmentSteps)
    {
        _lengths[environment]++;
        if (!double.IsFinite(reward))
            throw Failure($"returned the reward {reward}", environment, environmentSteps);
        _returns[environment] += reward;
    }

    /// <summary>Ends sub-environment i's episode: its record, and a new episode started in its place.</summary>
    public EpisodeRecord End(int environment, long environmentSteps, double wallSeconds, int update)
    {
        var record = new EpisodeRecord(_ids[environment], _returns[environment], _lengths[environment], environmentSteps, wallSeconds, update);
        Start(environment);
        return record;
    }

    /// <summary>Refuses an observation with a non-finite element, naming the element, the episode and the step.</summary>
    /// <param name="row">The observation.</param>
    /// <param name="environment">i.</param>
    /// <param name="environmentSteps">Environment steps into training, for the message.</param>
    /// <param name="step">The step within the episode (default: its length so far).</param>
    public void CheckObservation(ReadOnlySpan<float> row, int environment, long environmentSteps, int? step = null)
    {
        var bad = row.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw Failure($"returned observation element {bad} = {row[bad]}", environment, environmentSteps, step);
    }

    /// <summary>The exception for something unusable that sub-environment i returned, at <paramref name="step"/> (default: its episode's length).</summary>
    public InvalidOperationException Failure(string what, int environment, long environmentSteps, int? step = null) =>
        new($"{environmentId} {what} at step {step ?? _lengths[environment]} of episode {_ids[environment]} " +
            $"(sub-environment {environment}, {environmentSteps} environment steps into training); {requirement}.");

    public void Write(BinaryWriter writer)
    {
        writer.Write(_started);
        for (var i = 0; i < _returns.Length; i++)
        {
            writer.Write(_returns[i]);
            writer.Write(_lengths[i]);
            writer.Write(_ids[i]);
        }
    }

    public void Read(BinaryReader reader)
    {
        _started = reader.ReadInt32();
        for (var i = 0; i < _returns.Length; i++)
        {
            _returns[i] = reader.ReadDouble();
            _lengths[i] = reader.ReadInt32();
            _ids[i] = reader.ReadInt32();
        }
    }
}
