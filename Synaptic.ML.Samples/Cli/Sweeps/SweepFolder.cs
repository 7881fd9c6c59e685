namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// A sweep's folder, <c>sweeps/{name}/</c>: <c>sweep.json</c> (what was asked: the plan), <c>runs/</c> (an experiment
/// folder per configuration and seed, <c>config-NN__seed-S</c>), <c>summary.md</c> and <c>summary.csv</c> (the table,
/// best first) and <c>best.json</c> (the best configuration, for <c>synaptic train --config best.json</c>).
/// </summary>
/// <param name="Root">The folder's full path.</param>
public sealed record SweepFolder(string Root)
{
    /// <summary><c>sweep.json</c>.</summary>
    public string Plan => Path.Combine(Root, "sweep.json");

    /// <summary><c>runs/</c>.</summary>
    public string Runs => Path.Combine(Root, "runs");

    /// <summary><c>summary.md</c>.</summary>
    public string Summary => Path.Combine(Root, "summary.md");

    /// <summary><c>summary.csv</c>.</summary>
    public string SummaryCsv => Path.Combine(Root, "summary.csv");

    /// <summary><c>best.json</c>.</summary>
    public string Best => Path.Combine(Root, "best.json");
}
