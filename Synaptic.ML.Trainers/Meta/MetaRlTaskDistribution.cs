using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.Wrappers;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A family of reinforcement-learning tasks for meta-learning (<see cref="MamlRlTrainer"/>): a task is drawn from a
/// seed, and a drawn task makes any number of environments that play it (each with its time limit). Every task of a
/// family must have the same observation and action spaces, which fix the policy's input and output; the trainer
/// checks each task it draws and names the one that differs.
/// </summary>
/// <example>
/// <code>
/// // Goals anywhere on an open 5×5 grid; the observation is the agent's cell (one-hot), never the goal.
/// var tasks = MetaRlTaskDistribution.GridWorldGoals(GridWorldMap.Parse(["S....", ".....", ".....", ".....", "....G"]), maxEpisodeSteps: 30);
/// Func&lt;Env&gt; task = tasks.Sample(seed: 7);
/// </code>
/// </example>
public sealed class MetaRlTaskDistribution
{
    private const int MaxGoalDraws = 10_000;
    private readonly Func<int, Func<Env>> _sample;

    /// <summary>Creates a family from a function that draws a task from a seed.</summary>
    /// <param name="description">What the family is, for logs (e.g. "GridWorld 5x5 random goals").</param>
    /// <param name="sample">Draws the task of a seed (the same task for the same seed) and returns a factory of environments playing it.</param>
    public MetaRlTaskDistribution(string description, Func<int, Func<Env>> sample)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(sample);
        Description = description;
        _sample = sample;
    }

    /// <summary>What the family is, for logs.</summary>
    public string Description { get; }

    /// <summary>
    /// The standard family: <see cref="GridWorld"/> tasks that keep <paramref name="maze"/>'s walls and start and put one
    /// goal on a random reachable cell (<see cref="GridWorldTaskDistribution.RandomGoals"/>). The observation is the
    /// agent's cell as a one-hot vector (<see cref="GridWorldObservation.OneHot"/>) and does not show the goal, so a
    /// policy can find a new goal only by adapting to the rewards of its episodes.
    /// </summary>
    /// <param name="maze">The maze; its own goals only mark free cells.</param>
    /// <param name="maxEpisodeSteps">Time limit of an episode (Gymnasium's <c>TimeLimit</c>). Default 100, GridWorld-v0's.</param>
    /// <param name="rewards">Step, goal and wall-bump rewards (their map and observation are replaced); null for GridWorld's defaults.</param>
    /// <param name="excludedGoals">Goal cells (row, column) never drawn, e.g. goals held out for testing; null for none.</param>
    /// <returns>The family.</returns>
    /// <exception cref="ArgumentException">No reachable cell is left for a goal (the excluded ones aside), or <paramref name="maxEpisodeSteps"/> is not positive.</exception>
    public static MetaRlTaskDistribution GridWorldGoals(GridWorldMap maze, int maxEpisodeSteps = 100,
        GridWorld.Options? rewards = null, IReadOnlyCollection<(int Row, int Column)>? excludedGoals = null)
    {
        ArgumentNullException.ThrowIfNull(maze);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        var options = new GridWorld.Options
        {
            Observation = GridWorldObservation.OneHot,
            StepReward = rewards?.StepReward ?? -0.01,
            GoalReward = rewards?.GoalReward ?? 1.0,
            WallBumpReward = rewards?.WallBumpReward ?? -0.1,
        };
        var excluded = excludedGoals?.ToHashSet() ?? [];
        var description = $"GridWorld {maze.Rows}x{maze.Columns} random goals, one-hot cell observation, {maxEpisodeSteps} steps"
            + (excluded.Count > 0 ? $", {excluded.Count} goals held out" : "");
        var family = new MetaRlTaskDistribution(description, seed =>
        {
            // Each seed has its own stream, so a task depends on its seed alone; excluded goals are redrawn.
            var goals = GridWorldTaskDistribution.RandomGoals(maze, seed);
            for (var draw = 0; draw < MaxGoalDraws; draw++)
            {
                var task = goals.Sample();
                if (!excluded.Contains(task.Goals[0]))
                    return () => new TimeLimit(GridWorld.ForTask(task, options), maxEpisodeSteps);
            }
            throw new ArgumentException(
                $"{MaxGoalDraws} goals drawn on the {maze.Rows}x{maze.Columns} maze were all among the {excluded.Count} excluded ones; the maze leaves no reachable cell for a goal.",
                nameof(excludedGoals));
        });
        family.Sample(0);   // a maze with no goal left fails here, when the family is made
        return family;
    }

    /// <summary>Draws the task of <paramref name="seed"/>.</summary>
    /// <param name="seed">The task's seed.</param>
    /// <returns>A factory of environments playing the task.</returns>
    /// <exception cref="InvalidOperationException">The family's function returned null.</exception>
    public Func<Env> Sample(int seed) =>
        _sample(seed) ?? throw new InvalidOperationException($"The task family '{Description}' returned no environment factory for seed {seed}.");

    /// <inheritdoc/>
    public override string ToString() => Description;
}
