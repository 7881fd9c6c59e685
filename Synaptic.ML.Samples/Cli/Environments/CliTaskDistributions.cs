using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>
/// The meta-RL task distributions the tool knows by id, for <c>--env</c> of <c>maml-rl</c>. A distribution is code
/// (<see cref="MetaRlTaskDistribution"/> draws a task from a seed), so the options cannot hold it as text: the tool
/// builds it from the id at each run, and evaluates on its held-out tasks, which meta-training never draws.
/// </summary>
public static class CliTaskDistributions
{
    /// <summary>Random goals on an open 5×5 GridWorld, 20-step episodes, one-hot cell observations, 8 goals held out (the MAML-RL comparison's).</summary>
    public const string GridWorldGoals5x5 = "GridWorldGoals-5x5-v0";

    private static readonly CliTaskDistribution[] Distributions =
    [
        new(GridWorldGoals5x5,
            "random goals on an open 5×5 GridWorld (start top left, 20-step episodes, one-hot cell observation that never shows the goal); 8 goals held out of meta-training for eval and render (the MAML-RL comparison's)",
            MamlRlComparison.TaskDistribution,
            [.. MamlRlComparison.UnseenGoals.Select(g => new HeldOutTask($"goal-{g.Row}-{g.Column}", MamlRlComparison.Task(g)))]),
    ];

    /// <summary>Every distribution.</summary>
    public static IReadOnlyList<CliTaskDistribution> All => Distributions;

    /// <summary>The distribution named <paramref name="id"/>.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">No distribution has that id; the message lists them.</exception>
    public static CliTaskDistribution Get(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Distributions.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.Ordinal))
            ?? throw new ArgumentException($"No task distribution is named '{id}'. The task distributions: {string.Join(", ", Distributions.Select(d => d.Id))}.", nameof(id));
    }
}

/// <summary>A task distribution the tool knows by id.</summary>
/// <param name="Id">The id given to <c>--env</c>.</param>
/// <param name="Description">What it is.</param>
/// <param name="Create">Makes the distribution.</param>
/// <param name="HeldOut">Tasks meta-training never draws, for evaluation and render.</param>
public sealed record CliTaskDistribution(string Id, string Description, Func<MetaRlTaskDistribution> Create, IReadOnlyList<HeldOutTask> HeldOut);

/// <summary>A task held out of meta-training.</summary>
/// <param name="Name">Its name, e.g. <c>goal-0-4</c>.</param>
/// <param name="Make">Makes environments of the task.</param>
public sealed record HeldOutTask(string Name, Func<Env> Make);
