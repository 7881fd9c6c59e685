using System.Text.Json;
using Synaptic.ML.Environments;
using Synaptic.ML.Environments.ClassicControl;
using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Environments.ClassicControl;

/// <summary>
/// Replays every trajectory Gymnasium recorded (reference/gymnasium/*.json): from its initial state,
/// each action must give Gymnasium's observation, reward, flags and state.
/// </summary>
[TestClass]
public sealed class ClassicControlParityTests
{
    // Gymnasium was recorded on glibc's libm, which .NET also calls on Linux: there every state,
    // observation and reward is bit-identical (0 error on every step, Acrobot's float32 starting
    // observations included). Another C runtime may differ in the last bit of cos, sin or pow,
    // which the chaotic Acrobot grows to about 3e-10 over 500 steps (measured by squaring with x·x
    // instead of pow), so elsewhere small tolerances apply.
    private static readonly double StateRelativeTolerance = OperatingSystem.IsLinux() ? 0 : 1e-9;
    private static readonly double ObservationTolerance = OperatingSystem.IsLinux() ? 0 : 1e-5;
    private static readonly double RewardRelativeTolerance = OperatingSystem.IsLinux() ? 0 : 1e-9;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("CartPole-v1")]
    [DataRow("MountainCar-v0")]
    [DataRow("MountainCarContinuous-v0")]
    [DataRow("Pendulum-v1")]
    [DataRow("Acrobot-v1")]
    public void EveryRecordedTrajectoryReplaysExactly(string id)
    {
        var files = ReferenceData.Files("gymnasium", id + ".json").ToArray();
        Assert.IsNotEmpty(files, $"No reference file {id}.json in {string.Join(", ", ReferenceData.Directories("gymnasium"))}.");

        int trajectories = 0, steps = 0;
        double worstObservation = 0, worstState = 0;
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            Assert.AreEqual(id, root.GetProperty("env").GetString(), file);
            var maxEpisodeSteps = root.GetProperty("max_episode_steps").GetInt32();
            var index = 0;
            foreach (var trajectory in root.GetProperty("trajectories").EnumerateArray())
            {
                var label = $"{file} trajectory {index++}";
                var (observationError, stateError, count) = Replay(id, maxEpisodeSteps, trajectory, label);
                worstObservation = Math.Max(worstObservation, observationError);
                worstState = Math.Max(worstState, stateError);
                trajectories++;
                steps += count;
            }
        }

        Assert.IsGreaterThan(0, trajectories, $"{id}: the reference files hold no trajectories.");
        TestContext.WriteLine($"{id}: {trajectories} trajectories, {steps} steps; largest observation error {worstObservation:G3}, largest relative state error {worstState:G3}.");
    }

    private static (double ObservationError, double StateError, int Steps) Replay(string id, int maxEpisodeSteps, JsonElement trajectory, string label)
    {
        var env = ClassicControlTestEnvs.Create(id);
        var limited = new TimeLimit(env, maxEpisodeSteps);
        var observation = new float[env.ObservationSpace.Size];
        limited.Reset(observation, seed: 0);
        env.State = Doubles(trajectory.GetProperty("initial_state"));

        env.WriteObservation(observation);
        var observationError = Compare(Doubles(trajectory.GetProperty("initial_observation")), observation, $"{label}: initial observation");
        double stateError = 0;

        var steps = trajectory.GetProperty("steps");
        var step = 0;
        foreach (var expected in steps.EnumerateArray())
        {
            var where = $"{label} step {step++}";
            var action = Action(expected.GetProperty("action"));
            if (!env.ActionSpace.Contains(action))
                action = RefuseThenClip(env, action, where);
            var outcome = limited.Step(action, observation);

            observationError = Math.Max(observationError, Compare(Doubles(expected.GetProperty("observation")), observation, $"{where}: observation"));
            var reward = expected.GetProperty("reward").GetDouble();
            Assert.AreEqual(reward, outcome.Reward, RewardRelativeTolerance * Math.Abs(reward), $"{where}: reward");
            Assert.AreEqual(expected.GetProperty("terminated").GetBoolean(), outcome.Terminated, $"{where}: terminated");
            Assert.AreEqual(expected.GetProperty("truncated").GetBoolean(), outcome.Truncated, $"{where}: truncated");

            var state = env.State;
            var expectedState = Doubles(expected.GetProperty("state"));
            Assert.HasCount(expectedState.Length, state, $"{where}: state length");
            for (var i = 0; i < state.Length; i++)
            {
                var error = Math.Abs(state[i] - expectedState[i]) / Math.Max(Math.Abs(expectedState[i]), 1e-12);
                Assert.IsLessThanOrEqualTo(StateRelativeTolerance, error, $"{where}: state[{i}] is {state[i]:R}, Gymnasium's {expectedState[i]:R}.");
                stateError = Math.Max(stateError, error);
            }
        }

        // A recorded episode that ended must have ended here too; the fixed-length random ones just stop.
        var last = steps[steps.GetArrayLength() - 1];
        var ended = last.GetProperty("terminated").GetBoolean() || last.GetProperty("truncated").GetBoolean();
        Assert.AreEqual(ended, limited.NeedsReset, $"{label}: end of the episode");
        return (observationError, stateError, steps.GetArrayLength());
    }

    // Gymnasium lets a continuous action outside the Box through and clips it; ours refuses it, as
    // the Box says. Pendulum clips the torque before every use, reward included, so the clipped
    // action must then reproduce Gymnasium's step exactly.
    private static float[] RefuseThenClip(ClassicControlEnv env, float[] action, string where)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Step(action), $"{where}: an action outside the Box");
        Assert.Contains(env.Id, error.Message, where);
        Assert.IsInstanceOfType<Pendulum>(env, $"{where}: only Pendulum clips the action before every use of it.");
        var box = (BoxSpace)env.ActionSpace;
        return action.Select((a, i) => Math.Clamp(a, box.Low[i], box.High[i])).ToArray();
    }

    private static float[] Action(JsonElement action) => action.ValueKind == JsonValueKind.Array
        ? action.EnumerateArray().Select(a => (float)a.GetDouble()).ToArray()
        : [action.GetInt32()];

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static double Compare(double[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        double worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(actual[i] - expected[i]);
            Assert.IsLessThanOrEqualTo(ObservationTolerance, error, $"{what}[{i}] is {actual[i]:R}, Gymnasium's {expected[i]:R}.");
            worst = Math.Max(worst, error);
        }
        return worst;
    }
}
