using Microsoft.ML;
using Microsoft.ML.Data;
using Synaptic.ML.Environments;
using Synaptic.ML.Randomness;

namespace Synaptic.ML;

/// <summary>Episode data on <c>mlContext.Synaptic().Data</c>: rollouts, loading and summaries.</summary>
public static class EpisodesCatalog
{
    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="env"/> with
    /// <paramref name="policy"/> (or uniformly sampled actions when null) and records every
    /// transition. Episode e is reset with seed <paramref name="seed"/> + e, so a rollout is
    /// reproducible. An episode that neither terminates nor is truncated by the environment is
    /// cut after <paramref name="maxStepsPerEpisode"/> steps and marked truncated.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="env">The environment (typically from <c>Make</c>, with its time limit).</param>
    /// <param name="policy">Chooses actions; <see langword="null"/> samples the action space.</param>
    /// <param name="episodes">Number of episodes, zero or more.</param>
    /// <param name="seed">Seed of the first episode and of the action sampling.</param>
    /// <param name="maxStepsPerEpisode">Safety limit for environments without a time limit.</param>
    /// <returns>The episode data as an <see cref="IDataView"/>.</returns>
    public static IDataView Rollout(this SynapticDataCatalog catalog, Env env, Policy? policy = null, int episodes = 1, int seed = 0, int maxStepsPerEpisode = 100_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Record(env, policy, episodes, seed, maxStepsPerEpisode).ToDataView(catalog.Context);
    }

    /// <summary>
    /// Like <see cref="Rollout(SynapticDataCatalog, Env, Policy?, int, int, int)"/>, returning the recorded <see cref="EpisodeData"/>
    /// itself (for its <see cref="EpisodeData.ToDataFrame"/> and <see cref="EpisodeData.Summaries"/>).
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="env">The environment.</param>
    /// <param name="policy">Chooses actions; <see langword="null"/> samples the action space.</param>
    /// <param name="episodes">Number of episodes, zero or more.</param>
    /// <param name="seed">Seed of the first episode and of the action sampling.</param>
    /// <param name="maxStepsPerEpisode">Safety limit for environments without a time limit.</param>
    /// <returns>The transitions.</returns>
    public static EpisodeData Record(this SynapticDataCatalog catalog, Env env, Policy? policy = null, int episodes = 1, int seed = 0, int maxStepsPerEpisode = 100_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Record(env, policy, null, episodes, seed, maxStepsPerEpisode);
    }

    /// <summary>Like <see cref="Rollout(SynapticDataCatalog, Env, IEpisodicPolicy, int, int, int)"/>, returning the recorded <see cref="EpisodeData"/> itself.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="env">The environment.</param>
    /// <param name="policy">The policy; <see cref="IEpisodicPolicy.StartEpisode"/> is called at every reset.</param>
    /// <param name="episodes">Number of episodes, zero or more.</param>
    /// <param name="seed">Seed of the first episode.</param>
    /// <param name="maxStepsPerEpisode">Safety limit for environments without a time limit.</param>
    /// <returns>The transitions.</returns>
    public static EpisodeData Record(this SynapticDataCatalog catalog, Env env, IEpisodicPolicy policy, int episodes = 1, int seed = 0, int maxStepsPerEpisode = 100_000)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        return Record(env, policy.Act, policy.StartEpisode, episodes, seed, maxStepsPerEpisode);
    }

    /// <summary>Like <see cref="Rollout(SynapticDataCatalog, Env, Policy?, int, int, int)"/>, for a policy with per-episode state: <see cref="IEpisodicPolicy.StartEpisode"/> is called at every reset.</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="env">The environment.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="episodes">Number of episodes, zero or more.</param>
    /// <param name="seed">Seed of the first episode.</param>
    /// <param name="maxStepsPerEpisode">Safety limit for environments without a time limit.</param>
    /// <returns>The episode data as an <see cref="IDataView"/>.</returns>
    public static IDataView Rollout(this SynapticDataCatalog catalog, Env env, IEpisodicPolicy policy, int episodes = 1, int seed = 0, int maxStepsPerEpisode = 100_000) =>
        catalog.Record(env, policy, episodes, seed, maxStepsPerEpisode).ToDataView(catalog.Context);

    /// <summary>
    /// Reads an episode view — from <c>Rollout</c>, <see cref="LoadEpisodesFromText"/>, ML.NET's binary loader or a policy's
    /// <c>Transform</c> of one — back into <see cref="EpisodeData"/>, for its per-element <see cref="EpisodeData.ToDataFrame"/>
    /// and its <see cref="EpisodeData.Summaries"/>. Columns other than the eight of episode data are ignored.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="episodes">A view with the columns of <see cref="EpisodeData.Columns"/>.</param>
    /// <returns>The transitions, in the view's row order.</returns>
    /// <exception cref="ArgumentException">A column is missing or of another type; the message names it.</exception>
    /// <example>
    /// <code>
    /// var view = ml.Synaptic().Data.Rollout(env, policy, episodes: 5);
    /// DataFrame frame = ml.Synaptic().Data.ToEpisodeData(view).ToDataFrame();   // Observation_0, Observation_1, …
    /// </code>
    /// </example>
    public static EpisodeData ToEpisodeData(this SynapticDataCatalog catalog, IDataView episodes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(episodes);
        Require(episodes.Schema, EpisodeData.Columns.Episode, NumberDataViewType.Int32);
        Require(episodes.Schema, EpisodeData.Columns.Step, NumberDataViewType.Int32);
        Require(episodes.Schema, EpisodeData.Columns.Reward, NumberDataViewType.Double);
        Require(episodes.Schema, EpisodeData.Columns.Terminated, BooleanDataViewType.Instance);
        Require(episodes.Schema, EpisodeData.Columns.Truncated, BooleanDataViewType.Instance);
        var observationSize = VectorSize(episodes.Schema, EpisodeData.Columns.Observation);
        var actionSize = VectorSize(episodes.Schema, EpisodeData.Columns.Action);
        var nextSize = VectorSize(episodes.Schema, EpisodeData.Columns.NextObservation);
        if (nextSize != observationSize)
            throw new ArgumentException($"Column '{EpisodeData.Columns.NextObservation}' has {nextSize} values per row; '{EpisodeData.Columns.Observation}' has {observationSize}.", nameof(episodes));
        var transitions = catalog.Context.Data
            .CreateEnumerable<EpisodeData.Transition>(episodes, reuseRowObject: false, ignoreMissingColumns: false, EpisodeData.Schema(observationSize, actionSize))
            .ToArray();
        return new EpisodeData(observationSize, actionSize, transitions);
    }

    private static void Require(DataViewSchema schema, string name, DataViewType type)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The episode view has no column '{name}'; episode data needs {string.Join(", ", ColumnNames)}.", "episodes");
        if (!column.Type.Equals(type))
            throw new ArgumentException($"Column '{name}' of the episode view is {column.Type}; episode data needs {type}.", "episodes");
    }

    private static int VectorSize(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The episode view has no column '{name}'; episode data needs {string.Join(", ", ColumnNames)}.", "episodes");
        if (column.Type is not VectorDataViewType { ItemType: var item, Size: > 0 and var size } || item != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{name}' of the episode view is {column.Type}; episode data needs a fixed-size vector of Single.", "episodes");
        return size;
    }

    private static readonly string[] ColumnNames =
    [
        EpisodeData.Columns.Episode, EpisodeData.Columns.Step, EpisodeData.Columns.Observation, EpisodeData.Columns.Action,
        EpisodeData.Columns.Reward, EpisodeData.Columns.Terminated, EpisodeData.Columns.Truncated, EpisodeData.Columns.NextObservation,
    ];

    private static EpisodeData Record(Env env, Policy? policy, Action? startEpisode, int episodes, int seed, int maxStepsPerEpisode)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfNegative(episodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStepsPerEpisode);
        var observationSize = env.ObservationSpace.Size;
        var actionSize = env.ActionSpace.Size;
        var sampler = SplitMix64.ForStream((ulong)(uint)seed, 0xAC7);
        var transitions = new List<EpisodeData.Transition>();
        for (var episode = 0; episode < episodes; episode++)
        {
            var observation = env.Reset(seed + episode);
            startEpisode?.Invoke();
            for (var step = 0; ; step++)
            {
                var action = new float[actionSize];
                if (policy is null)
                    env.ActionSpace.Sample(action, ref sampler);
                else
                    policy(observation, action);
                var next = new float[observationSize];
                var outcome = env.Step(action, next);
                if (next.AsSpan().IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity) is var nan and >= 0)
                    throw new InvalidDataException($"{env.Id} returned NaN at observation element {nan} in episode {episode}, step {step}.");
                var cut = !outcome.Done && step + 1 >= maxStepsPerEpisode;
                transitions.Add(new EpisodeData.Transition
                {
                    Episode = episode,
                    Step = step,
                    Observation = observation,
                    Action = action,
                    Reward = outcome.Reward,
                    Terminated = outcome.Terminated,
                    Truncated = outcome.Truncated || cut,
                    NextObservation = next,
                });
                observation = next;
                if (outcome.Done || cut)
                    break;
            }
        }
        return new EpisodeData(observationSize, actionSize, transitions);
    }

    /// <summary>Return, length and ending of every episode in episode data (from <see cref="Rollout(SynapticDataCatalog, Env, Policy?, int, int, int)"/> or loaded from disk).</summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="episodes">Episode data with at least the Episode, Reward, Terminated and Truncated columns.</param>
    /// <returns>One summary per episode, in order of first appearance.</returns>
    public static IReadOnlyList<EpisodeSummary> SummarizeEpisodes(this SynapticDataCatalog catalog, IDataView episodes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(episodes);
        var rows = episodes.GetColumn<int>(EpisodeData.Columns.Episode)
            .Zip(episodes.GetColumn<double>(EpisodeData.Columns.Reward),
                 episodes.GetColumn<bool>(EpisodeData.Columns.Terminated))
            .Zip(episodes.GetColumn<bool>(EpisodeData.Columns.Truncated))
            .Select(r => new EpisodeData.Transition { Episode = r.First.First, Reward = r.First.Second, Terminated = r.First.Third, Truncated = r.Second });
        return EpisodeData.Summarize(rows);
    }

    /// <summary>
    /// Loads episode data from tab-separated text written by <see cref="SaveEpisodesAsText"/> (or by ML.NET's
    /// <c>SaveAsText</c> with a header row). The observation and action sizes are read from the header; when
    /// given, they must match it.
    /// </summary>
    /// <remarks>
    /// Files written by Synaptic.ML before the header named its cells (<c>""</c> for every vector element), and
    /// ML.NET's sparse headers, still name Reward, Terminated and Truncated and count every cell, which fixes both
    /// sizes; they load too.
    /// </remarks>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="path">The text file.</param>
    /// <param name="observationSize">Floats per observation the caller expects; <see langword="null"/> takes the file's.</param>
    /// <param name="actionSize">Floats per action the caller expects; <see langword="null"/> takes the file's.</param>
    /// <returns>The episode data with the same schema as <see cref="Rollout(SynapticDataCatalog, Env, Policy?, int, int, int)"/>'s.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The header is not that of episode data, a row has another number of cells than the header, or the file's
    /// observation or action size is not the one given (the message names the file, the column and both sizes).
    /// </exception>
    /// <example>
    /// <code>
    /// var episodes = ml.Synaptic().Data.LoadEpisodesFromText("cartpole.tsv");                      // sizes from the header
    /// var checkedEpisodes = ml.Synaptic().Data.LoadEpisodesFromText("cartpole.tsv", observationSize: 4, actionSize: 1);
    /// </code>
    /// </example>
    public static IDataView LoadEpisodesFromText(this SynapticDataCatalog catalog, string path, int? observationSize = null, int? actionSize = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (observationSize is int expectedObservation)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedObservation, nameof(observationSize));
        if (actionSize is int expectedAction)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedAction, nameof(actionSize));
        if (!File.Exists(path))
            throw new FileNotFoundException($"Episode data file '{path}' does not exist.", path);
        var layout = EpisodeText.ReadLayout(path);
        var o = layout.ObservationSize;
        var a = layout.ActionSize;
        if (observationSize is int observation && observation != o)
            throw new InvalidDataException(
                $"Episode file '{path}': column '{EpisodeData.Columns.Observation}' has {o} values per row in the file; expected {observation} (observationSize).");
        if (actionSize is int action && action != a)
            throw new InvalidDataException(
                $"Episode file '{path}': column '{EpisodeData.Columns.Action}' has {a} values per row in the file; expected {action} (actionSize).");
        TextLoader.Column[] columns =
        [
            new(EpisodeData.Columns.Episode, DataKind.Int32, 0),
            new(EpisodeData.Columns.Step, DataKind.Int32, 1),
            new(EpisodeData.Columns.Observation, DataKind.Single, 2, 1 + o),
            new(EpisodeData.Columns.Action, DataKind.Single, 2 + o, 1 + o + a),
            new(EpisodeData.Columns.Reward, DataKind.Double, 2 + o + a),
            new(EpisodeData.Columns.Terminated, DataKind.Boolean, 3 + o + a),
            new(EpisodeData.Columns.Truncated, DataKind.Boolean, 4 + o + a),
            new(EpisodeData.Columns.NextObservation, DataKind.Single, 5 + o + a, 4 + 2 * o + a),
        ];
        // allowSparse: ML.NET's text saver writes rows that are mostly zeros in its sparse form.
        return catalog.Context.Data.LoadFromTextFile(path, columns, separatorChar: '\t', hasHeader: true, allowSparse: true);
    }

    /// <summary>
    /// Saves episode data as dense tab-separated text, readable by people, spreadsheets and
    /// <see cref="LoadEpisodesFromText"/>. The header names every cell: <c>Episode</c>, <c>Step</c>,
    /// <c>Observation[0]</c> … <c>Observation[n-1]</c>, <c>Action[0]</c> …, <c>Reward</c>, <c>Terminated</c>,
    /// <c>Truncated</c>, <c>NextObservation[0]</c> …, so the file carries its vector sizes. Floats are written
    /// round-trip exact, booleans as 1 and 0.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="episodes">Episode data: exactly the episode columns (hidden columns are ignored).</param>
    /// <param name="path">Destination file; its directory is created if missing.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An episode column is missing or of another type, Observation and NextObservation differ in size, or the
    /// data has other columns, which the file could not hold (the message names them).
    /// </exception>
    public static void SaveEpisodesAsText(this SynapticDataCatalog catalog, IDataView episodes, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            Directory.CreateDirectory(directory);
        EpisodeText.Write(episodes, path);
    }
}
