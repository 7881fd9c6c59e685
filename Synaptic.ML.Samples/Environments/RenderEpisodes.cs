using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Samples;

/// <summary>
/// Renders environments: a random-action CartPole-v1 episode and a LaneKeeping-v0 episode on gentle
/// curves (driven by balancing the side sensors) as animated GIFs with <see cref="RecordGif"/>, one
/// PNG frame of each, and a Taxi-v3 episode as text, solved by value iteration over its transition
/// table. Everything is seeded, so every run writes the same files and prints the same lines.
/// </summary>
public static class RenderEpisodes
{
    private const int Seed = 42;
    private const int TaxiSeed = 2;

    public static int Run(SampleArguments args)
    {
        Directory.CreateDirectory(args.OutputDirectory);
        var environments = new MLContext(seed: 0).Synaptic().Environments;

        var random = SplitMix64.ForStream(Seed, 1);
        var cartPole = environments.CartPole();
        Record(cartPole, "cartpole", args.OutputDirectory, pngAtStep: 10,
            (_, action) => cartPole.ActionSpace.Sample(action, ref random));

        var laneKeeping = environments.LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.GentleCurves, Length = 200 });
        Record(laneKeeping, "lane-keeping", args.OutputDirectory, pngAtStep: 60, BalanceSensors);

        PlayTaxi(environments.Taxi());
        Console.WriteLine($"Wrote the GIFs and PNGs to {args.OutputDirectory}");
        return 0;
    }

    // Steer away from the nearer road edge: the side ray that is shorter by more than a unit is
    // the side the car is drifting (or the road is bending) towards.
    private static void BalanceSensors(ReadOnlySpan<float> sensors, Span<float> action)
    {
        var (left, right) = (sensors[0], sensors[2]);
        action[0] = left < right - 1 ? LaneKeeping.SteerRight
            : right < left - 1 ? LaneKeeping.SteerLeft
            : LaneKeeping.Straight;
    }

    private static void Record(Env env, string name, string directory, int pngAtStep, Policy policy)
    {
        double episodeReturn = 0;
        var length = 0;
        var pngStep = 0;
        StepOutcome outcome = default;
        string gif;
        using (var recorder = new RecordGif(env, directory, episodeTrigger: _ => true, namePrefix: name, framesPerSecond: 25))
        {
            var observation = new float[env.ObservationSpace.Size];
            var action = new float[env.ActionSpace.Size];
            recorder.Reset(observation, Seed);
            while (!outcome.Done)
            {
                policy(observation, action);
                outcome = recorder.Step(action, observation);
                episodeReturn += outcome.Reward;
                length++;
                if (length == pngAtStep || (outcome.Done && length < pngAtStep))
                {
                    recorder.Render().SavePng(Path.Combine(directory, $"{name}.png"));
                    pngStep = length;
                }
            }
            gif = recorder.Files[0];
        }
        var ending = outcome.Terminated ? "terminated" : "truncated";
        Console.WriteLine($"{env.Id,-15} return {episodeReturn,7:F1}, {length,3} steps ({ending}) -> {Path.GetFileName(gif)} ({Kib(gif)}), {name}.png (step {pngStep})");
    }

    // Prints the grid after the reset, the pickup and the drop-off of a greedy episode.
    private static void PlayTaxi(Env env)
    {
        const double gamma = 0.95;
        const int pickup = 4, dropoff = 5;
        var taxi = (Taxi)env.Unwrapped;
        var values = ValueIteration(taxi, gamma);
        var observation = env.Reset(seed: TaxiSeed);
        Console.WriteLine();
        Console.WriteLine($"Taxi-v3 after Reset(seed: {TaxiSeed}):");
        Console.WriteLine(env.RenderText()!.TrimEnd('\n'));
        double episodeReturn = 0;
        var length = 0;
        StepResult step;
        do
        {
            var state = (int)observation[0];
            var best = Enumerable.Range(0, taxi.ActionCount).MaxBy(a => QValue(taxi, values, state, a, gamma));
            step = env.Step(best);
            observation = step.Observation;
            episodeReturn += step.Reward;
            length++;
            if (best is pickup or dropoff)
            {
                Console.WriteLine();
                Console.WriteLine($"step {length}, return so far {episodeReturn:F0}:");
                Console.WriteLine(env.RenderText()!.TrimEnd('\n'));
            }
        }
        while (!step.Terminated && !step.Truncated);
        Console.WriteLine();
        Console.WriteLine($"Taxi-v3 solved by value iteration: return {episodeReturn:F0} in {length} steps.");
    }

    private static double[] ValueIteration(Taxi taxi, double gamma)
    {
        var values = new double[taxi.StateCount];
        for (var sweep = 0; sweep < 200; sweep++)
        {
            for (var s = 0; s < values.Length; s++)
                values[s] = Enumerable.Range(0, taxi.ActionCount).Max(a => QValue(taxi, values, s, a, gamma));
        }
        return values;
    }

    private static double QValue(Taxi taxi, double[] values, int state, int action, double gamma) =>
        taxi.TransitionTable[state][action].Sum(t => t.Probability * (t.Reward + (t.Terminated ? 0 : gamma * values[t.NextState])));

    private static string Kib(string path) => $"{new FileInfo(path).Length / 1024.0:F1} KiB";
}
