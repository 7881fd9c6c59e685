using System.Text.Json.Serialization;

namespace Synaptic.ML.Samples.Cli;

/// <summary>One point of a sweep's search space: the settings it gives on top of the sweep's own, numbered from 1.</summary>
/// <param name="Number">Its number in the sweep (runs are named <c>config-NN__seed-S</c>).</param>
/// <param name="Settings">Path → text, in the order they are applied.</param>
public sealed record SweepConfiguration(int Number, IReadOnlyList<KeyValuePair<string, string>> Settings)
{
    /// <summary>The settings as <c>path=value, …</c>.</summary>
    [JsonIgnore]
    public string Label => Settings.Count == 0 ? "(the sweep's settings)" : string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"));

    /// <summary>The settings as <c>--set</c> arguments.</summary>
    [JsonIgnore]
    public IEnumerable<string> Assignments => Settings.Select(s => $"{s.Key}={s.Value}");

    /// <summary>The folder name of this configuration's run with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns><c>config-NN__seed-S</c>.</returns>
    public string RunName(int seed) => FormattableString.Invariant($"config-{Number:D2}__seed-{seed}");
}
