using Synaptic.ML.Trainers;

namespace Synaptic.ML;

/// <summary>Meta-reinforcement learning on <c>mlContext.Synaptic().Trainers</c>: MAML over a family of tasks.</summary>
public static class MetaReinforcementCatalog
{
    /// <summary>MAML for reinforcement learning: an initial policy that adapts to a new task in a few policy-gradient steps.</summary>
    /// <example>
    /// <code>
    /// var tasks = MetaRlTaskDistribution.GridWorldGoals(GridWorldMap.Parse(["S....", ".....", ".....", ".....", "....G"]), maxEpisodeSteps: 30);
    /// var trainer = ml.Synaptic().Trainers.MamlReinforcement(new MamlRlTrainer.Options { Tasks = tasks, Seed = 1 });
    /// using var initial = trainer.Fit(observations);   // a view with an "Observation" column of 25 values
    /// using var adapted = trainer.Adapt(initial, tasks.Sample(seed: 123), steps: 5, seed: 0);
    /// </code>
    /// </example>
    /// <param name="catalog">The trainers catalog.</param>
    /// <param name="options">The options (tasks, inner and outer loops, network…).</param>
    /// <returns>The estimator; <c>Fit</c> returns the meta-learned initial policy, <see cref="MamlRlTrainer.Adapt"/> adapts it to a task.</returns>
    public static MamlRlTrainer MamlReinforcement(this SynapticTrainersCatalog catalog, MamlRlTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MamlRlTrainer(catalog.Context, options);
    }
}
