using System.Text.Json;
using Synaptic.ML.Environments.ToyText;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Environments.ToyText;

/// <summary>
/// Every toy-text reference file recorded from Gymnasium (gymnasium/Taxi-v3.json, FrozenLake-v1-*.json,
/// CliffWalking-v1.json, in ../shared/reference and in SYNAPTIC_REFERENCE_DIR): the environment built
/// with the file's kwargs has exactly Gymnasium's transition table, start distribution, sizes, map and
/// time limit.
/// </summary>
[TestClass]
public sealed class ToyTextParityTests
{
    private static readonly string[] Patterns = ["Taxi-v3*.json", "FrozenLake*.json", "CliffWalking*.json"];

    public static IEnumerable<object[]> Files() =>
        ReferenceData.Directories("gymnasium")
            .SelectMany(directory => Patterns.SelectMany(pattern => Directory.EnumerateFiles(directory, pattern)))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => new object[] { Label(path), path });

    [TestMethod]
    public void SharedReferenceHoldsAFileForEachEnvironment()
    {
        var shared = ReferenceData.Directories("gymnasium")[0];
        foreach (var pattern in Patterns)
            Assert.IsNotEmpty(Directory.GetFiles(shared, pattern), $"No {pattern} in {shared}.");
        Assert.IsGreaterThanOrEqualTo(5, Files().Count());
    }

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void TransitionTableEqualsGymnasiums(string label, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var env = Build(root);
        var states = root.GetProperty("n_states").GetInt32();
        var actions = root.GetProperty("n_actions").GetInt32();
        Assert.AreEqual(states, env.StateCount, label);
        Assert.AreEqual(actions, env.ActionCount, label);
        Assert.AreEqual(states, env.ObservationSpace.N, label);
        Assert.AreEqual(actions, env.ActionSpace.N, label);

        var p = root.GetProperty("P");
        Assert.AreEqual(states, Count(p), label);
        for (var s = 0; s < states; s++)
        {
            var row = Item(p, s);
            Assert.AreEqual(actions, Count(row), $"{label} state {s}");
            for (var a = 0; a < actions; a++)
            {
                var expected = Item(row, a);
                var actual = env.TransitionTable[s][a];
                Assert.AreEqual(expected.GetArrayLength(), actual.Count, $"{label} P[{s}][{a}] outcome count");
                for (var k = 0; k < actual.Count; k++)
                {
                    var outcome = expected[k];
                    var where = $"{label} P[{s}][{a}][{k}]";
                    // Exact: the same IEEE operations as Gymnasium (e.g. (1 - 1/3) / 2) give the same doubles.
                    Assert.AreEqual(outcome[0].GetDouble(), actual[k].Probability, 0.0, where);
                    Assert.AreEqual(outcome[1].GetInt32(), actual[k].NextState, where);
                    Assert.AreEqual(outcome[2].GetDouble(), actual[k].Reward, 0.0, where);
                    Assert.AreEqual(outcome[3].GetBoolean(), actual[k].Terminated, where);
                }
            }
        }

        var initial = root.GetProperty("initial_state_distribution");
        Assert.AreEqual(states, initial.GetArrayLength(), label);
        for (var s = 0; s < states; s++)
            Assert.AreEqual(initial[s].GetDouble(), env.InitialStateDistribution[s], 0.0, $"{label} initial[{s}]");

        if (root.GetProperty("map").ValueKind == JsonValueKind.Array)
        {
            var map = root.GetProperty("map").EnumerateArray().Select(r => r.GetString()).ToArray();
            var actualMap = env switch
            {
                Taxi => Taxi.Map,
                FrozenLake lake => lake.Map,
                _ => throw new AssertFailedException($"{label} has a map but {env.Id} has none."),
            };
            CollectionAssert.AreEqual(map, actualMap.ToArray(), label);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void RegisteredTimeLimitEqualsGymnasiums(string label, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var id = RegisteredId(root.GetProperty("env").GetString()!);
        var spec = ToyTextRegistrationsView.Get(id).Spec;
        var limit = root.GetProperty("max_episode_steps");
        Assert.AreEqual(limit.ValueKind == JsonValueKind.Null ? null : limit.GetInt32(), spec.MaxEpisodeSteps, label);
    }

    // reference/gymnasium/Taxi-v3.json: the grandparent tells ../shared/reference from SYNAPTIC_REFERENCE_DIR.
    private static string Label(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        return $"{Path.GetFileName(Path.GetDirectoryName(directory))}/{Path.GetFileName(directory)}/{Path.GetFileName(path)}";
    }

    // Taxi-v3.json was recorded from Taxi-v4, whose default (dry, non-fickle) dynamics are Taxi-v3's.
    private static string RegisteredId(string recorded) => recorded == "Taxi-v4" ? "Taxi-v3" : recorded;

    private static DiscreteTransitionEnv Build(JsonElement root)
    {
        var id = root.GetProperty("env").GetString()!;
        var kwargs = root.GetProperty("kwargs");
        switch (RegisteredId(id))
        {
            case "Taxi-v3":
                Assert.IsFalse(Flag(kwargs, "is_rainy", false) || Flag(kwargs, "fickle_passenger", false), "Rainy and fickle Taxi are not implemented.");
                return new Taxi();
            case "FrozenLake-v1" or "FrozenLake8x8-v1":
                var mapName = kwargs.TryGetProperty("map_name", out var name)
                    ? name.GetString()
                    : id == "FrozenLake8x8-v1" ? "8x8" : "4x4";
                IReadOnlyList<string>? desc = kwargs.TryGetProperty("desc", out var rows) && rows.ValueKind == JsonValueKind.Array
                    ? rows.EnumerateArray().Select(r => r.GetString()!).ToArray()
                    : null;
                var successRate = kwargs.TryGetProperty("success_rate", out var rate) ? rate.GetDouble() : 1.0 / 3.0;
                var rewards = kwargs.TryGetProperty("reward_schedule", out var schedule)
                    ? schedule.EnumerateArray().Select(r => r.GetDouble()).ToArray()
                    : [1.0, 0.0, 0.0];
                return new FrozenLake(mapName, Flag(kwargs, "is_slippery", true), desc, successRate, rewards[0], rewards[1], rewards[2]);
            case "CliffWalking-v1":
                return new CliffWalking(Flag(kwargs, "is_slippery", false));
            case "CliffWalkingSlippery-v1":
                return new CliffWalking(Flag(kwargs, "is_slippery", true));
            default:
                throw new AssertFailedException($"Unexpected toy-text environment '{id}' in the reference data.");
        }
    }

    private static bool Flag(JsonElement kwargs, string name, bool fallback) =>
        kwargs.TryGetProperty(name, out var value) ? value.GetBoolean() : fallback;

    // P may be written as nested lists or as Python dicts with string keys.
    private static int Count(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : element.EnumerateObject().Count();

    private static JsonElement Item(JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Array ? element[index] : element.GetProperty(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
