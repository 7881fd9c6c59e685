using System.Text.Json;
using Synaptic.ML.Environments.MinAtar;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Environments.MinAtar;

/// <summary>
/// Replays every trajectory MinAtar recorded (reference/minatar/Breakout.json, run with sticky actions
/// off): from its initial state, each action must give MinAtar's observation, reward, terminal flag
/// and state exactly, through the bare game (post-terminal actions included) and through the
/// environment (in the action set the recording policy used).
/// </summary>
[TestClass]
public sealed class BreakoutParityTests
{
    private static readonly string[] Channels = ["paddle", "ball", "trail", "brick"];

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> Files() =>
        ReferenceData.Files("minatar", "Breakout.json").Select(file => new object[] { file });

    [TestMethod]
    public void TheReferenceIsThere() =>
        Assert.IsNotEmpty(Files().ToArray(), $"No Breakout.json in {string.Join(", ", ReferenceData.Directories("minatar"))}.");

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void EveryRecordedTrajectoryReplaysExactlyThroughTheGame(string file)
    {
        var (steps, postTerminal, rewards, regenerations) = (0, 0, 0, 0);
        foreach (var (label, trajectory) in Trajectories(file))
        {
            var game = new BreakoutGame(State(trajectory.GetProperty("initial_state")));
            var observation = new float[BreakoutGame.ObservationSize];
            game.WriteObservation(observation);
            AssertObservation(trajectory.GetProperty("initial_observation"), observation, $"{label}: initial observation");
            var step = 0;
            foreach (var expected in trajectory.GetProperty("steps").EnumerateArray())
            {
                var where = $"{label} step {step++}";
                var wasTerminal = game.Terminal;
                var before = game.State;
                var reward = game.Act((MinAtarAction)expected.GetProperty("action").GetInt32());
                game.WriteObservation(observation);

                Assert.AreEqual(expected.GetProperty("reward").GetInt32(), reward, $"{where}: reward");
                Assert.AreEqual(expected.GetProperty("terminal").GetBoolean(), game.Terminal, $"{where}: terminal");
                Assert.AreEqual(State(expected.GetProperty("state")), game.State, $"{where}: state");
                AssertObservation(expected.GetProperty("observation"), observation, $"{where}: observation");
                if (wasTerminal)
                {
                    Assert.AreEqual(before, game.State, $"{where}: a terminal game must not change");
                    postTerminal++;
                }
                if (before.Bricks == UInt128.Zero && game.State.Bricks != UInt128.Zero)
                    regenerations++;
                rewards += reward;
                steps++;
            }
        }
        // The recording must exercise what it was made for, or the parity above proves little.
        Assert.IsGreaterThan(0, postTerminal, "no post-terminal steps were replayed");
        Assert.IsGreaterThan(1, regenerations, "no refill of the wall was replayed");
        TestContext.WriteLine($"{file}: {steps} steps, {rewards} bricks, {regenerations} refills, {postTerminal} post-terminal actions, all exact.");
    }

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void EveryRecordedTrajectoryReplaysExactlyThroughTheEnvironment(string file)
    {
        var minimalTrajectories = 0;
        foreach (var (label, trajectory) in Trajectories(file))
        {
            var minimal = trajectory.GetProperty("policy").GetString() == "random-minimal";
            minimalTrajectories += minimal ? 1 : 0;
            var env = new Breakout(minimalActions: minimal, stickyActionProbability: 0);
            var observation = new float[env.ObservationSpace.Size];
            env.Reset(observation, seed: 0);
            env.State = State(trajectory.GetProperty("initial_state"));
            env.WriteObservation(observation);
            AssertObservation(trajectory.GetProperty("initial_observation"), observation, $"{label}: initial observation");

            var step = 0;
            foreach (var expected in trajectory.GetProperty("steps").EnumerateArray())
            {
                var where = $"{label} step {step++}";
                var full = (MinAtarAction)expected.GetProperty("action").GetInt32();
                var index = Array.IndexOf(env.ActionSet.ToArray(), full);
                Assert.IsGreaterThanOrEqualTo(0, index, $"{where}: {full} is not in {env.Id}'s action set");
                if (env.NeedsReset)
                {
                    // MinAtar ignores actions after the end; the Env contract refuses them and keeps the state.
                    var state = env.State;
                    Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(index), where);
                    Assert.AreEqual(state, env.State, $"{where}: a refused step must change nothing");
                    Assert.IsTrue(expected.GetProperty("terminal").GetBoolean(), $"{where}: MinAtar's game had not ended");
                    Assert.AreEqual(0, expected.GetProperty("reward").GetInt32(), where);
                    continue;
                }
                var outcome = env.Step([index], observation);
                Assert.AreEqual(full, env.LastAction, $"{where}: applied action");
                Assert.AreEqual(expected.GetProperty("reward").GetInt32(), outcome.Reward, $"{where}: reward");
                Assert.AreEqual(expected.GetProperty("terminal").GetBoolean(), outcome.Terminated, $"{where}: terminated");
                Assert.IsFalse(outcome.Truncated, where);
                Assert.AreEqual(State(expected.GetProperty("state")), env.State, $"{where}: state");
                AssertObservation(expected.GetProperty("observation"), observation, $"{where}: observation");
            }
        }
        Assert.IsGreaterThan(0, minimalTrajectories, "no trajectory exercised the minimal action set");
    }

    private static IEnumerable<(string Label, JsonElement Trajectory)> Trajectories(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = document.RootElement;
        CollectionAssert.AreEqual(Channels, root.GetProperty("channels").EnumerateArray().Select(c => c.GetString()).ToArray(), $"{file}: channel order");
        var index = 0;
        foreach (var trajectory in root.GetProperty("trajectories").EnumerateArray())
        {
            var label = $"{file} trajectory {index++} ({trajectory.GetProperty("policy").GetString()}, seed {trajectory.GetProperty("seed").GetInt32()})";
            yield return (label, trajectory.Clone());
        }
        Assert.IsGreaterThan(0, index, $"{file} holds no trajectories");
    }

    private static BreakoutState State(JsonElement state)
    {
        var bricks = UInt128.Zero;
        foreach (var cell in state.GetProperty("brick_map").EnumerateArray())
            bricks |= UInt128.One << cell.GetInt32();
        return new BreakoutState(
            BallX: state.GetProperty("ball_x").GetInt32(),
            BallY: state.GetProperty("ball_y").GetInt32(),
            BallDirection: (BreakoutBallDirection)state.GetProperty("ball_dir").GetInt32(),
            Paddle: state.GetProperty("pos").GetInt32(),
            Strike: state.GetProperty("strike").GetBoolean(),
            LastX: state.GetProperty("last_x").GetInt32(),
            LastY: state.GetProperty("last_y").GetInt32(),
            Terminal: state.GetProperty("terminal").GetBoolean(),
            Bricks: bricks);
    }

    // The reference lists, per channel, the cells y·10 + x that are true in MinAtar's [10, 10, 4] state().
    private static void AssertObservation(JsonElement expected, float[] actual, string what)
    {
        var want = new float[4 * 100];
        var channel = 0;
        foreach (var cells in expected.EnumerateArray())
        {
            foreach (var cell in cells.EnumerateArray())
                want[BreakoutGame.ObservationIndex((BreakoutChannel)channel, cell.GetInt32() / 10, cell.GetInt32() % 10)] = 1f;
            channel++;
        }
        Assert.AreEqual(4, channel, $"{what}: channels");
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i] != actual[i])
                Assert.Fail($"{what}: element {i} ({(BreakoutChannel)(i / 100)}, y {i % 100 / 10}, x {i % 10}) is {actual[i]}, MinAtar's {want[i]}.");
        }
    }
}
