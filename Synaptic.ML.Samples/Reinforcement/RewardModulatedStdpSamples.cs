using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.Custom;
using Synaptic.ML.Plotting;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples;

/// <summary>
/// The reward-modulated STDP lane keeper (issue 13): <c>rstdp compare</c> trains it over seeds with LaneKeeping's
/// four-phase curriculum and without, with the ablations (no dopamine, spike-count readout, the user's per-episode
/// STDP rule), and PPO and DQN on the complex track, then writes a table and plots; <c>rstdp visuals</c> trains one
/// agent and draws its spikes, pool rates, weights and an episode GIF.
/// </summary>
/// <remarks>
/// Settings: <c>--seeds 5</c>, <c>--episodes 500</c> (R-STDP), <c>--baseline-steps 100000</c> (PPO and DQN),
/// <c>--parallel N</c> (runs at once, default the processor count), <c>--learning-rate η</c> (every R-STDP run's),
/// <c>--only NAME[,NAME…]</c> among curriculum, curriculum-exp, no-curriculum, curriculum-unscaled, no-curriculum-unscaled, no-dopamine, spike-count, spike-count-scaled, episodic-stdp,
/// episodic-pathway, episodic-pathway-no-curriculum, ppo, dqn.
/// </remarks>
internal static class RewardModulatedStdpSamples
{
    /// <summary>LaneKeeping's maximum return: 100 steps × 2.5.</summary>
    private const double MaximumReturn = 250;

    private const double Target = 200;

    public static int Run(SampleArguments args)
    {
        Directory.CreateDirectory(args.OutputDirectory);
        return args.Verb switch
        {
            null or "compare" => Compare(args),
            "visuals" => RewardModulatedStdpVisuals.Run(args),
            _ => throw new ArgumentException($"Unknown rstdp verb '{args.Verb}'; use compare or visuals."),
        };
    }

    /// <summary>The issue's curriculum: straight → gentle curves → sharp turns → complex track, advancing at a 20-episode mean above 50, 30 and 40.</summary>
    public static Curriculum LaneKeepingCurriculum4() => new(
        LaneKeepingCurriculum.Phase(LaneKeepingRoadProfile.Straight, new MasteryRule(50, 20)),
        LaneKeepingCurriculum.Phase(LaneKeepingRoadProfile.GentleCurves, new MasteryRule(30, 20)),
        LaneKeepingCurriculum.Phase(LaneKeepingRoadProfile.SharpTurns, new MasteryRule(40, 20)),
        LaneKeepingCurriculum.Phase(LaneKeepingRoadProfile.ComplexTrack, mastery: null));

    public static Env ComplexTrack() => new LaneKeeping(new LaneKeeping.Options { Phase = LaneKeepingRoadProfile.ComplexTrack });

    /// <summary>The R-STDP options of a named configuration.</summary>
    public static RewardModulatedStdpTrainer.Options Configuration(string name, int seed, int episodes)
    {
        var options = new RewardModulatedStdpTrainer.Options { Seed = seed, Episodes = episodes, Curriculum = LaneKeepingCurriculum4() };
        switch (name)
        {
            case "curriculum":
                break;
            case "curriculum-exp":
                options.LearningRateSchedule = Schedule.ExponentialPerPhase(0.98);
                break;
            case "no-curriculum":
                OnTheComplexTrackFromTheStart(options);
                break;
            case "curriculum-unscaled":
                options.PoolSynapticScaling = false;
                break;
            case "no-curriculum-unscaled":
                options.PoolSynapticScaling = false;
                OnTheComplexTrackFromTheStart(options);
                break;
            case "no-dopamine":
                options.DopamineModulation = false;
                break;
            case "spike-count":
                options.Readout = SpikeReadout.SpikeCount;
                break;
            case "spike-count-scaled":
                options.Readout = SpikeReadout.SpikeCount;
                options.PoolSynapticScaling = true;
                break;
            case "episodic-pathway":
                options.Dopamine = DopamineSignal.EpisodeReturn;
                options.LearningRate = 0.01;
                break;
            case "episodic-pathway-no-curriculum":
                options.Dopamine = DopamineSignal.EpisodeReturn;
                options.LearningRate = 0.01;
                OnTheComplexTrackFromTheStart(options);
                break;
            case "episodic-stdp":
                // The user's rule: STDP over the episode, dopamine = return − baseline at its end, η 0.01, no pool scaling.
                options.PoolSynapticScaling = false;
                options.Eligibility = PlasticityEligibility.SpikeTiming;
                options.Dopamine = DopamineSignal.EpisodeReturn;
                options.LearningRate = 0.01;
                break;
            default:
                throw new ArgumentException($"Unknown configuration '{name}'.");
        }
        return options;
    }

    /// <summary>No curriculum: every episode on the complex track.</summary>
    private static void OnTheComplexTrackFromTheStart(RewardModulatedStdpTrainer.Options options)
    {
        options.Curriculum = null;
        options.EnvironmentFactory = ComplexTrack;
    }

    private static readonly (string Name, string Description)[] Configurations =
    [
        ("curriculum", "R-STDP, curriculum (default rule: decision-pathway tags, TD dopamine)"),
        ("curriculum-exp", "R-STDP, curriculum, η × 0.98 per episode restarting each phase"),
        ("no-curriculum", "R-STDP, complex track from the start"),
        ("curriculum-unscaled", "R-STDP, curriculum, without pool synaptic scaling (the rule before 2026-12-03)"),
        ("no-curriculum-unscaled", "R-STDP, complex track from the start, without pool synaptic scaling"),
        ("no-dopamine", "R-STDP, curriculum, no dopamine (plain plasticity, ΔW = η·E)"),
        ("spike-count", "R-STDP, curriculum, spike-count readout (no pool scaling, its default)"),
        ("spike-count-scaled", "R-STDP, curriculum, spike-count readout with pool synaptic scaling"),
        ("episodic-stdp", "R-STDP, curriculum, the user's rule (STDP per episode, return − baseline)"),
        ("episodic-pathway", "R-STDP, curriculum, decision tags with one dopamine per episode (return − baseline)"),
        ("episodic-pathway-no-curriculum", "R-STDP, complex track from the start, decision tags with one dopamine per episode"),
        ("ppo", "PPO (MLP 64×64), complex track"),
        ("dqn", "DQN (MLP 64×64), complex track"),
    ];

    private sealed record RunResult(string Configuration, int Seed, double[] Returns, bool[] Crashed, bool[] OnComplexTrack, PolicyEvaluation Evaluation, double Seconds)
    {
        /// <summary>The first episode (1-based) after which the last 20 training episodes, all on the complex track, average ≥ 200.</summary>
        public int? EpisodesToTarget()
        {
            for (var e = 20; e <= Returns.Length; e++)
            {
                if (OnComplexTrack.AsSpan(e - 20, 20).IndexOf(false) < 0 && Returns.AsSpan(e - 20, 20).ToArray().Average() >= Target)
                    return e;
            }
            return null;
        }

        /// <summary>How many of the <paramref name="count"/> training episodes from <paramref name="firstEpisode"/> (0-based) crashed.</summary>
        public int Crashes(int firstEpisode, int count) => Crashed.Skip(firstEpisode).Take(count).Count(c => c);

        public double CrashRate(int firstEpisode, int count) =>
            Crashes(firstEpisode, count) / (double)Math.Max(1, Math.Min(count, Crashed.Length - firstEpisode));
    }

    private static int Compare(SampleArguments args)
    {
        var seeds = int.Parse(args.Setting("seeds", "5"), CultureInfo.InvariantCulture);
        var episodes = int.Parse(args.Setting("episodes", "500"), CultureInfo.InvariantCulture);
        var baselineSteps = long.Parse(args.Setting("baseline-steps", "100000"), CultureInfo.InvariantCulture);
        double? learningRate = args.Setting("learning-rate", "") is { Length: > 0 } eta ? double.Parse(eta, CultureInfo.InvariantCulture) : null;
        var parallel = int.Parse(args.Setting("parallel", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var jobs = Configurations.Where(c => args.Includes(c.Name))
            .SelectMany(c => Enumerable.Range(1, seeds).Select(seed => (c.Name, Seed: seed))).ToArray();
        var results = new ConcurrentBag<RunResult>();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, job =>
        {
            var result = job.Name is "ppo" or "dqn" ? TrainBaseline(job.Name, job.Seed, baselineSteps) : TrainRstdp(job.Name, job.Seed, episodes, learningRate);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{job.Name} seed {job.Seed}: complex track {result.Evaluation.MeanReturn:F1}, crashes {Crashes(result.Evaluation):P0}, episodes to {Target} {result.EpisodesToTarget()?.ToString(CultureInfo.InvariantCulture) ?? "—"}, training crashes in episodes 1–200 {result.Crashes(0, 200)} ({result.Seconds:F0} s)"));
        });
        var random = RandomPolicyOnComplexTrack();
        WriteReport(args.OutputDirectory, [.. results.OrderBy(r => Array.FindIndex(Configurations, c => c.Name == r.Configuration)).ThenBy(r => r.Seed)], random, seeds, episodes, baselineSteps);
        return 0;
    }

    private static RunResult TrainRstdp(string name, int seed, int episodes, double? learningRate)
    {
        var ml = new MLContext(seed: 0);
        var options = Configuration(name, seed, episodes);
        if (learningRate is double eta)
            options.LearningRate = eta;
        var watch = Stopwatch.StartNew();
        var policy = ml.Synaptic().Trainers.RewardModulatedStdp(options).Fit(Episodes(ml));
        var seconds = watch.Elapsed.TotalSeconds;
        return Result(ml, name, seed, policy, seconds, lastPhase: options.Curriculum is null ? null : 3);
    }

    private static RunResult TrainBaseline(string name, int seed, long steps)
    {
        var ml = new MLContext(seed: 0);
        var watch = Stopwatch.StartNew();
        PolicyTransformer policy;
        if (name == "ppo")
        {
            policy = ml.Synaptic().Trainers.Ppo(new PpoTrainer.Options
            {
                EnvironmentFactory = ComplexTrack,
                Seed = seed,
                TotalTimesteps = steps,
                NumberOfEnvironments = 4,
            }).Fit(Episodes(ml));
        }
        else
        {
            policy = ml.Synaptic().Trainers.Dqn(new DqnTrainer.Options
            {
                EnvironmentFactory = ComplexTrack,
                Seed = seed,
                TotalTimesteps = steps,
                LearningStarts = 1_000,
                ExplorationFraction = 0.2,
            }).Fit(Episodes(ml));
        }
        return Result(ml, name, seed, policy, watch.Elapsed.TotalSeconds, lastPhase: null);
    }

    private static RunResult Result(MLContext ml, string name, int seed, PolicyTransformer policy, double seconds, int? lastPhase)
    {
        var history = policy.TrainingHistory!;
        var episodes = history.Episodes;
        var returns = episodes.Select(e => e.Return).ToArray();
        var crashed = episodes.Select(e => e.Length < 100).ToArray();
        // With the curriculum an episode is on the complex track once the curriculum reached its last phase.
        var phases = history.Rows.Where(r => r.Kind == MetricRowKind.Episode)
            .Select(r => r.Values.TryGetValue(MetricKeys.CurriculumPhase, out var p) ? (int)p : -1).ToArray();
        var onComplex = lastPhase is int last ? phases.Select(p => p == last).ToArray() : [.. Enumerable.Repeat(true, returns.Length)];
        var evaluation = ml.Synaptic().Evaluate(policy, ComplexTrack(), episodes: 100, seed: 12345);
        return new RunResult(name, seed, returns, crashed, onComplex, evaluation, seconds);
    }

    /// <summary>The configurations that differ only in the curriculum: with it, and on the complex track from the start.</summary>
    private static readonly (string WithCurriculum, string WithoutCurriculum)[] CurriculumPairs =
    [
        ("curriculum", "no-curriculum"),
        ("curriculum-unscaled", "no-curriculum-unscaled"),
        ("episodic-pathway", "episodic-pathway-no-curriculum"),
    ];

    /// <summary>
    /// For each pair of configurations run on the same seeds, the training crashes in episodes 1–200 with the curriculum
    /// minus without, seed by seed: the mean difference with its 95% interval (Student's t) and how many seeds are lower,
    /// higher and equal — whether the curriculum lowers the early crash rate, and whether that is more than chance.
    /// </summary>
    private static void WriteCurriculumPairs(StringBuilder text, IReadOnlyList<RunResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = new List<string>();
        foreach (var (with, without) in CurriculumPairs)
        {
            var first = results.Where(r => r.Configuration == with).ToDictionary(r => r.Seed);
            var second = results.Where(r => r.Configuration == without).ToDictionary(r => r.Seed);
            var seeds = first.Keys.Intersect(second.Keys).Order().ToArray();
            if (seeds.Length == 0)
                continue;
            var crashesWith = seeds.Select(s => (double)first[s].Crashes(0, 200)).ToArray();
            var crashesWithout = seeds.Select(s => (double)second[s].Crashes(0, 200)).ToArray();
            var differences = crashesWith.Zip(crashesWithout, (a, b) => a - b).ToArray();
            var mean = differences.Average();
            var half = Cli.Statistics.ConfidenceHalfWidth(differences);
            rows.Add(string.Create(inv,
                $"| {with} − {without} | {seeds.Length} | {crashesWith.Average():F2} | {crashesWithout.Average():F2} | " +
                $"{mean:+0.00;−0.00;0.00} ({mean - half:+0.0;−0.0;0.0} … {mean + half:+0.0;−0.0;0.0}) | " +
                $"{differences.Count(d => d < 0)} / {differences.Count(d => d > 0)} / {differences.Count(d => d == 0)} |"));
        }
        if (rows.Count == 0)
            return;
        text.AppendLine();
        text.AppendLine("Training crashes in episodes 1–200, with the curriculum minus without, paired by seed:");
        text.AppendLine();
        text.AppendLine("| Pair | Seeds | Crashes with, mean | Crashes without, mean | Mean difference (95% interval) | Lower / higher / equal |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        rows.ForEach(row => text.AppendLine(row));
    }

    private static PolicyEvaluation RandomPolicyOnComplexTrack()
    {
        var env = ComplexTrack();
        var random = new Random(7);
        var observation = new float[3];
        var action = new float[1];
        var returns = new List<double>();
        var lengths = new List<int>();
        for (var e = 0; e < 100; e++)
        {
            env.Reset(observation, 12345 + e);
            double total = 0;
            var length = 0;
            StepOutcome outcome;
            do
            {
                action[0] = random.Next(3);
                outcome = env.Step(action, observation);
                total += outcome.Reward;
                length++;
            }
            while (!outcome.Done);
            returns.Add(total);
            lengths.Add(length);
        }
        return new PolicyEvaluation(returns, lengths, null);
    }

    private static double Crashes(PolicyEvaluation evaluation) => evaluation.Lengths.Count(l => l < 100) / (double)evaluation.Episodes;

    private static void WriteReport(string directory, IReadOnlyList<RunResult> results, PolicyEvaluation random, int seeds, int episodes, long baselineSteps)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"LaneKeeping-v0 (maximum return {MaximumReturn}), {seeds} seeds; R-STDP {episodes} training episodes, PPO and DQN {baselineSteps:N0} steps; ");
        text.AppendLine(inv, $"evaluation: 100 deterministic episodes on the complex track (seed 12345). A uniformly random policy: {random.MeanReturn:F1}, {Crashes(random):P0} crashes.");
        text.AppendLine();
        text.AppendLine("| Configuration | Complex track, mean ± std over seeds | Per seed (crash %) | Seeds ≥ 200 with ≤ 5% crashes | Training crash rate, episodes 1–200 | Training crash rate, episodes 151–200 | Episodes to a 20-episode mean ≥ 200 on the complex track (median) | Seconds per run |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in results.GroupBy(r => r.Configuration))
        {
            var runs = group.ToArray();
            var means = runs.Select(r => r.Evaluation.MeanReturn).ToArray();
            var (mean, std) = SampleStatistics.MeanStd(means);
            var good = runs.Count(r => r.Evaluation.MeanReturn >= Target && Crashes(r.Evaluation) <= 0.05);
            var perSeed = string.Join(", ", runs.Select(r => string.Create(inv, $"{r.Evaluation.MeanReturn:F1} ({Crashes(r.Evaluation) * 100:F0})")));
            var crash200 = runs.Select(r => r.CrashRate(150, 50)).Average();
            var crashFirst200 = runs.Select(r => r.CrashRate(0, 200)).Average();
            var toTarget = runs.Select(r => r.EpisodesToTarget()).ToArray();
            var reached = toTarget.Where(t => t is not null).Select(t => (double)t!.Value).Order().ToArray();
            var median = reached.Length == 0 ? "not reached" : reached.Length * 2 > runs.Length
                ? $"{SampleStatistics.Median(toTarget.Select(t => t is null ? double.PositiveInfinity : t.Value).ToArray()):F0} ({reached.Length}/{runs.Length} reached)"
                : $"{reached.Length}/{runs.Length} reached";
            var description = Configurations.First(c => c.Name == group.Key).Description;
            text.AppendLine(inv, $"| {description} | {mean:F1} ± {std:F1} | {perSeed} | {good}/{runs.Length} | {crashFirst200:P1} | {crash200:P1} | {median} | {runs.Select(r => r.Seconds).Average():F0} |");
        }
        WriteCurriculumPairs(text, results);
        var path = Path.Combine(directory, "rstdp-compare.md");
        File.WriteAllText(path, text.ToString());
        Console.WriteLine(text);

        var curves = new List<BandSeries>();
        var crashes = new List<LineSeries>();
        foreach (var group in results.Where(r => !r.Configuration.StartsWith("ppo", StringComparison.Ordinal) && r.Configuration != "dqn").GroupBy(r => r.Configuration))
        {
            var runs = group.ToArray();
            var length = runs.Min(r => r.Returns.Length);
            var x = new double[length];
            var y = new double[length];
            var lower = new double[length];
            var upper = new double[length];
            for (var e = 0; e < length; e++)
            {
                var smoothed = runs.Select(r => r.Returns.AsSpan(Math.Max(0, e - 19), Math.Min(20, e + 1)).ToArray().Average()).ToArray();
                x[e] = e + 1;
                (y[e], var s) = SampleStatistics.MeanStd(smoothed);
                (lower[e], upper[e]) = (y[e] - s, y[e] + s);
            }
            curves.Add(new BandSeries(group.Key, x, y, lower, upper));
            var blocks = length / 50;
            crashes.Add(new LineSeries(group.Key,
                [.. Enumerable.Range(0, blocks).Select(b => 50.0 * (b + 1))],
                [.. Enumerable.Range(0, blocks).Select(b => runs.Select(r => r.CrashRate(50 * b, 50)).Average())]));
        }
        if (curves.Count > 0)
        {
            BandPlot.SavePng(Path.Combine(directory, "rstdp-learning-curves.png"), curves,
                "R-STDP lane keeping: training return (20-episode mean), mean ± std over seeds", "episode", "return");
            LinePlot.SavePng(Path.Combine(directory, "rstdp-crash-rate.png"), crashes,
                "R-STDP lane keeping: crash rate per 50 training episodes (mean over seeds)", "episode", "crash rate");
        }
    }

    private static IDataView Episodes(MLContext ml) => ml.Synaptic().Data.Rollout(ml.Synaptic().Environments.Make(LaneKeeping.EnvId), episodes: 1, seed: 0);


}
