using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// Learning curves of run groups over seeds: for each group, one metric of its runs' <c>metrics.csv</c> brought onto
/// common steps, drawn as the mean over seeds with a 95% confidence band (Student's t), as <see cref="BandPlot"/>.
/// </summary>
public static class LearningCurves
{
    /// <summary>Points per curve.</summary>
    public const int Points = 100;

    /// <summary>Episodes in the moving mean of episode returns (as <c>analyze</c> smooths them).</summary>
    public const int Window = 20;

    /// <summary>
    /// The metric to plot: <c>rollout/episode_return</c> where every run recorded it, else <c>eval/mean_return</c>,
    /// else <c>eval/accuracy</c>, else the first key every run recorded; null when there is none.
    /// </summary>
    /// <param name="groups">The groups.</param>
    /// <returns>The key, or null.</returns>
    public static string? DefaultMetric(IReadOnlyList<RunGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var files = groups.SelectMany(g => g.Runs).Select(r => Metrics(r.Folder)).ToList();
        if (files.Count == 0 || files.Any(f => f is null))
            return null;
        string[] preferred = [MetricKeys.EpisodeReturn, MetricKeys.EvaluationMeanReturn, MetricKeys.EvaluationAccuracy];
        return preferred.Concat(files[0]!.Keys).FirstOrDefault(k => !k.StartsWith("time/", StringComparison.Ordinal) && files.All(f => f!.Contains(k)));
    }

    /// <summary>Writes the plot.</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="groups">The groups, each a curve labelled with its label.</param>
    /// <param name="metric">The metric's key.</param>
    /// <param name="title">The plot's title.</param>
    /// <exception cref="ArgumentException">A run did not record <paramref name="metric"/>; the message names the run and lists its keys.</exception>
    public static void Save(string path, IReadOnlyList<RunGroup> groups, string metric, string title)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var series = groups.Where(g => g.Runs.Count > 0).Select(g => Curve(g, metric)).ToList();
        var smoothing = metric == MetricKeys.EpisodeReturn ? $" (moving mean of {Window} episodes)" : "";
        BandPlot.SavePng(path, series, $"{title}{smoothing}: mean over seeds, 95% CI", "Step", metric);
    }

    /// <summary>A group's curve: each run's series at <see cref="Points"/> common steps (the last value at or before each), their mean and 95% CI.</summary>
    /// <param name="group">The group.</param>
    /// <param name="metric">The metric's key.</param>
    /// <returns>The band series.</returns>
    public static BandSeries Curve(RunGroup group, string metric)
    {
        ArgumentNullException.ThrowIfNull(group);
        var runs = group.Runs.Select(r => Series(r, metric)).ToList();
        // Steps every run has reached, from the latest first point to the earliest last one.
        var first = runs.Max(r => r.Steps[0]);
        var last = runs.Min(r => r.Steps[^1]);
        var steps = last > first ? Enumerable.Range(0, Points).Select(i => first + ((last - first) * i / (Points - 1))).ToArray() : [first];
        var mean = new double[steps.Length];
        var lower = new double[steps.Length];
        var upper = new double[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            var values = runs.Select(r => At(r.Steps, r.Values, steps[i])).ToList();
            var ci = Statistics.ConfidenceHalfWidth(values);
            mean[i] = values.Average();
            lower[i] = mean[i] - ci;
            upper[i] = mean[i] + ci;
        }
        var seeds = group.Runs.Count == 1 ? "1 seed" : $"{group.Runs.Count} seeds";
        return new BandSeries($"{group.Label} ({seeds})", steps, mean, lower, upper);
    }

    private static MetricsFile? Metrics(ExperimentFolder folder) => File.Exists(folder.Metrics) ? MetricsFile.Read(folder.Metrics) : null;

    private static (double[] Steps, double[] Values) Series(FinishedRun run, string metric)
    {
        var file = Metrics(run.Folder) ?? throw new ArgumentException($"{run.Folder.Root} has no metrics.csv to plot.");
        if (!file.Contains(metric))
            throw new ArgumentException($"{run.Folder.Name} did not record '{metric}'; it has {string.Join(", ", file.Keys)}.");
        var (steps, values) = file.Series(metric);
        if (steps.Length == 0)
            throw new ArgumentException($"{run.Folder.Name} recorded no value of '{metric}'.");
        return (steps, metric == MetricKeys.EpisodeReturn ? MovingMean(values, Window) : values);
    }

    private static double At(double[] steps, double[] values, double step)
    {
        var i = Array.BinarySearch(steps, step);
        if (i < 0)
            i = ~i - 1;   // the last point at or before the step
        return values[Math.Clamp(i, 0, values.Length - 1)];
    }

    private static double[] MovingMean(double[] values, int window)
    {
        var smoothed = new double[values.Length];
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window)
                sum -= values[i - window];
            smoothed[i] = sum / Math.Min(i + 1, window);
        }
        return smoothed;
    }
}
