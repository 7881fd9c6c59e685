using System.Diagnostics;
using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The <c>solve</c> command: trains every run of <see cref="SolveSettings"/> (or those chosen with
/// <c>--only</c>) until its evaluation reaches the goal or its budget is spent, evaluates the returned policy
/// independently, and prints the results as a Markdown table, also written to <c>solve-results.md</c>.
/// </summary>
public static class SolveControlTasks
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 when every run solved its task, 1 otherwise, 2 when <c>--only</c> names no run.</returns>
    public static int Run(SampleArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        IReadOnlyList<SolveRun> runs;
        try
        {
            runs = SolveSettings.Select(args.Only);
        }
        catch (ArgumentException e)
        {
            // A usage error, answered like an unknown command: the message lists the run names.
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        Directory.CreateDirectory(args.OutputDirectory);
        // The networks are tiny: one thread is faster than several, and leaves the other cores to the environments and other work.
        // TorchScope also checks first that libtorch loads, and says in one sentence what to do when it does not.
        using var torch = Synaptic.ML.Torch.TorchScope.Enter(1);

        var results = new List<SolveResult>();
        foreach (var run in runs)
            results.Add(Solve(run));

        var table = SolveResult.ToMarkdown(results);
        Console.WriteLine();
        Console.WriteLine(table);
        var path = Path.Combine(args.OutputDirectory, "solve-results.md");
        File.WriteAllText(path, table);
        Console.WriteLine($"Wrote {path}");
        return results.All(r => r.Solved) ? 0 : 1;
    }

    private static SolveResult Solve(SolveRun run)
    {
        var ml = new MLContext(seed: 0);
        var environments = ml.Synaptic().Environments;
        // Fit reads only the schema of its input: one recorded episode gives it the Observation column of the right size.
        var data = ml.Synaptic().Data.Rollout(environments.Make(run.EnvironmentId), episodes: 1);
        var progress = new ConsoleProgressBar(run.Label);
        var clock = Stopwatch.StartNew();
        var policy = run.CreateTrainer(ml, progress).Fit(data);
        var totalSeconds = clock.Elapsed.TotalSeconds;
        var history = policy.TrainingHistory ?? throw new InvalidOperationException($"{run.Label}: the trained policy has no training history.");
        var last = history.Updates[^1];
        long? stepsToGoal = history.Evaluations.Where(e => e.MeanReturn >= run.Goal).Select(e => (long?)e.EnvironmentSteps).FirstOrDefault();
        progress.Complete(stepsToGoal is null ? "goal not reached" : $"goal reached at {stepsToGoal:N0} steps");

        clock.Restart();
        var final = ml.Synaptic().Evaluate(policy, () => environments.Make(run.EnvironmentId), SolveSettings.FinalEvaluationEpisodes,
            SolveSettings.FinalEvaluationSeed, successThreshold: run.Goal);
        Console.WriteLine($"{run.Label}: final evaluation, {final} ({clock.Elapsed.TotalSeconds:F1} s)");
        return new SolveResult(run, stepsToGoal, last.EnvironmentSteps, last.WallSeconds, totalSeconds, final);
    }
}
