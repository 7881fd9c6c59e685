using System.Globalization;
using Spectre.Console;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A live display on a terminal (Spectre.Console): a progress bar with percentage, elapsed time and ETA, and the
/// latest metrics (recent mean, last evaluation, loss, spike rates…) beneath it, refreshed as iterations end.
/// </summary>
/// <param name="console">The terminal.</param>
public sealed class LiveTrainingDisplay(IAnsiConsole console) : ITrainingDisplay
{
    private const int ShownMetrics = 6;

    /// <inheritdoc />
    public T Run<T>(string label, StopOnRequestCallback metrics, Func<IProgress<TrainingProgress>, T> train)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(train);
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1.0);
                var progress = new Sink(value =>
                {
                    task.Value = value.Fraction;
                    task.Description = Markup.Escape($"{label} · {Describe(value, metrics.Latest)}");
                });
                result = train(progress);
                task.Value = 1.0;
                task.Description = Markup.Escape($"{label} · {(metrics.Stopped ? "interrupted" : "done")}");
            });
        return result;
    }

    /// <inheritdoc />
    public void WriteLine(string line) => console.WriteLine(line);

    private static string Describe(TrainingProgress progress, IReadOnlyDictionary<string, double> latest)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"it {progress.Iteration}") };
        if (!double.IsNaN(progress.RecentMean))
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"mean {progress.RecentMean:G4}"));
        if (progress.LastEvaluation is double e)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"eval {e:G4}"));
        // Spiking activity first (the "real-time monitoring" of a spiking network), then the trainer's own metrics.
        parts.AddRange(latest.Where(m => !m.Key.StartsWith("time/", StringComparison.Ordinal))
            .OrderBy(m => m.Key.StartsWith("spikes/", StringComparison.Ordinal) ? 0 : 1).Take(ShownMetrics)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:G4}")));
        return string.Join("  ", parts);
    }

    // Reports on the training thread (Progress<T> would post to a thread-pool context and lag behind).
    private sealed class Sink(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
