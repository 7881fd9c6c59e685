namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The runs of one configuration over seeds, and their scores' statistics: the mean over seeds of each run's
/// evaluation mean, with a 95% confidence interval (Student's t, n − 1 degrees of freedom, as Henderson et al.,
/// "Deep Reinforcement Learning that Matters", 2018, ask of results over seeds).
/// </summary>
/// <param name="Id">A short id in its table (a sweep's configuration number, or the order found).</param>
/// <param name="Label">What sets it apart from the others in its table.</param>
/// <param name="Settings">The settings that define it (path → text), for CSV columns and <c>best.json</c>.</param>
/// <param name="Runs">Its runs, by seed.</param>
public sealed record RunGroup(string Id, string Label, IReadOnlyList<KeyValuePair<string, string>> Settings, IReadOnlyList<FinishedRun> Runs)
{
    /// <summary>Each run's score (its evaluation's mean), in seed order.</summary>
    public IReadOnlyList<double> Scores => [.. Runs.Select(r => r.Score)];

    /// <summary>The seeds.</summary>
    public IReadOnlyList<int> Seeds => [.. Runs.Select(r => r.Config.Seed)];

    /// <summary>Seeds that more than one run has (the same configuration and seed found in two folders), which a mean over seeds should not count twice.</summary>
    public IReadOnlyList<int> RepeatedSeeds => [.. Seeds.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>The mean score over seeds (NaN for none).</summary>
    public double Mean => Runs.Count == 0 ? double.NaN : Scores.Average();

    /// <summary>Half the width of the 95% confidence interval of <see cref="Mean"/> (0 for one seed).</summary>
    public double ConfidenceHalfWidth => Statistics.ConfidenceHalfWidth(Scores);

    /// <summary>The sample standard deviation of the scores over seeds.</summary>
    public double StandardDeviation => Statistics.StandardDeviation(Scores);

    /// <summary>The mean success rate over seeds, or null where the evaluations have none.</summary>
    public double? SuccessRate => Runs.Count > 0 && Runs.All(r => r.Evaluation.SuccessRate is not null) ? Runs.Average(r => r.Evaluation.SuccessRate!.Value) : null;

    /// <summary>What a score is (<c>return</c>, <c>accuracy</c>), or <c>score</c> where the runs differ.</summary>
    public string Metric => Runs.Select(r => r.Evaluation.Metric).Distinct().Count() == 1 ? Runs[0].Evaluation.Metric : "score";

    /// <summary>Best first: by mean score, higher first; ties by the narrower interval, then by id.</summary>
    /// <param name="groups">The groups.</param>
    /// <returns>The ranked groups (those without runs last).</returns>
    public static IReadOnlyList<RunGroup> Ranked(IEnumerable<RunGroup> groups) =>
        [.. groups.OrderBy(g => g.Runs.Count == 0).ThenByDescending(g => g.Runs.Count == 0 ? 0 : g.Mean).ThenBy(g => g.ConfidenceHalfWidth).ThenBy(g => g.Id, StringComparer.Ordinal)];

    /// <summary>
    /// Groups runs by configuration: the same algorithm, environment and options, everything but the seed. Each group
    /// is labelled by what differs between the groups: the algorithm, the environment, the preset, then the settings
    /// given on top of the preset, then any other option.
    /// </summary>
    /// <param name="runs">The runs.</param>
    /// <returns>The groups, in the order their first run comes, each run once (by seed).</returns>
    public static IReadOnlyList<RunGroup> ByConfiguration(IEnumerable<FinishedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var buckets = runs.GroupBy(Key, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Config.Seed).ThenBy(r => r.Folder.Name, StringComparer.Ordinal).ToList()).ToList();
        if (buckets.Count == 0)
            return [];
        var representatives = buckets.Select(b => b[0].Config).ToList();
        var labels = Labels(representatives);
        return [.. buckets.Select((b, i) => new RunGroup((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), labels[i], [.. b[0].Config.Settings], b))];
    }

    // Everything that defines a run but its seed.
    private static string Key(FinishedRun run) =>
        string.Join("\n", new[] { run.Config.Algorithm, run.Config.Environment }.Concat(
            run.Config.Options.Where(o => o.Key != nameof(Trainers.TrainerOptions.Seed)).Select(o => $"{o.Key}={o.Value}")));

    private static List<string> Labels(List<ExperimentConfig> configs)
    {
        if (configs.Count == 1)
        {
            var only = configs[0];
            var settings = only.Settings.Count == 0 ? "" : $" ({string.Join(", ", only.Settings.Select(s => $"{s.Key}={s.Value}"))})";
            return [$"{only.Algorithm} on {only.Environment}{settings}"];
        }
        var parts = configs.Select(_ => new List<string>()).ToList();
        var all = Enumerable.Range(0, configs.Count).ToList();
        AddIfVaries(all, c => c.Algorithm, v => v!);
        AddIfVaries(all, c => c.Environment, v => v!);
        // Groups that read the same so far are told apart by what differs among them alone: the preset, the settings
        // given on top of it, then any other option (runs made with other defaults).
        foreach (var same in Collisions())
        {
            AddIfVaries(same, c => c.Preset, v => $"preset {v ?? "none"}");
            foreach (var key in same.SelectMany(i => configs[i].Settings.Keys).Distinct(StringComparer.Ordinal))
                AddIfVaries(same, c => c.Settings.TryGetValue(key, out var v) ? v : null, v => $"{key}={v ?? "-"}");
        }
        // Options only as far as needed: each key adds to the groups that still read the same.
        foreach (var key in configs.SelectMany(c => c.Options.Keys).Distinct(StringComparer.Ordinal).Where(k => k != nameof(Trainers.TrainerOptions.Seed)))
        {
            var collisions = Collisions();
            if (collisions.Count == 0)
                break;
            foreach (var same in collisions)
                AddIfVaries(same, c => c.Options.TryGetValue(key, out var v) ? v : null, v => $"{key}={v ?? "-"}");
        }
        var labels = parts.Select(p => string.Join(", ", p)).ToList();
        return labels.Distinct(StringComparer.Ordinal).Count() == labels.Count && labels.All(l => l.Length > 0)
            ? labels
            : [.. labels.Select((l, i) => $"configuration {i + 1}{(l.Length > 0 ? ": " : "")}{l}")];

        void AddIfVaries(List<int> among, Func<ExperimentConfig, string?> value, Func<string?, string> show)
        {
            if (among.Select(i => value(configs[i])).Distinct().Count() > 1)
            {
                foreach (var i in among)
                    parts[i].Add(show(value(configs[i])));
            }
        }

        List<List<int>> Collisions() =>
            [.. all.GroupBy(i => string.Join(", ", parts[i]), StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.ToList())];
    }
}
