using System.Globalization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>An experiment's <c>metrics.csv</c> read back: each key's series of (step, value), iteration and episode rows apart.</summary>
public sealed class MetricsFile
{
    private readonly Dictionary<string, (List<double> Steps, List<double> Values)> _series = new(StringComparer.Ordinal);

    /// <summary>
    /// The recorded keys, in first-seen order. A key recorded both per iteration and per episode (<c>time/seconds</c>)
    /// keeps its iteration series; the episode index (<c>rollout/episode</c>) is left out.
    /// </summary>
    public IReadOnlyList<string> Keys { get; }

    private MetricsFile(List<string> keys) => Keys = keys;

    /// <summary>The series of <paramref name="key"/>.</summary>
    /// <param name="key">A key of <see cref="Keys"/>.</param>
    /// <returns>Steps and values.</returns>
    /// <exception cref="KeyNotFoundException">The key was not recorded; the message lists those that were.</exception>
    public (double[] Steps, double[] Values) Series(string key) =>
        _series.TryGetValue(key, out var s) ? ([.. s.Steps], [.. s.Values])
            : throw new KeyNotFoundException($"Metric '{key}' is not in the file; it has {string.Join(", ", Keys)}.");

    /// <summary>Whether <paramref name="key"/> was recorded.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it was.</returns>
    public bool Contains(string key) => _series.ContainsKey(key);

    /// <summary>Reads the file.</summary>
    /// <param name="path"><c>metrics.csv</c>.</param>
    /// <returns>Its series.</returns>
    /// <exception cref="InvalidDataException">A line is not <c>kind,step,key,value</c>; the message names the file and line.</exception>
    public static MetricsFile Read(string path)
    {
        var keys = new List<string>();
        var file = new MetricsFile(keys);
        var episodes = new Dictionary<string, (List<double> Steps, List<double> Values)>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
                continue;
            var parts = line.Split(',');
            if (parts.Length != 4 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var step)
                || !double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new InvalidDataException($"{path} line {lineNumber} is not kind,step,key,value: '{line}'.");
            var episode = parts[0] == "episode";
            var key = parts[2];
            if (key == "rollout/episode")
                continue;
            var table = episode ? episodes : file._series;
            if (!table.TryGetValue(key, out var series))
                table[key] = series = ([], []);
            series.Steps.Add(step);
            series.Values.Add(value);
            if (!keys.Contains(key))
                keys.Add(key);
        }
        foreach (var (key, series) in episodes)
            file._series.TryAdd(key, series);
        return file;
    }
}
