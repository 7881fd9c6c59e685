using System.Text.Json;

namespace Synaptic.ML.Cli.Tests;

/// <summary><c>synaptic sweep</c>: bad input named before any run starts; random search; parallel runs that score as sequential ones.</summary>
[TestClass]
public sealed class SweepInputTests : CliTest
{
    [TestMethod]
    public void AGridKeyThatIsNoOptionFailsBeforeAnyRunStarts()
    {
        var (code, _, error) = Run("sweep", "--algo", "ppo", "--env", "CartPole-v1", "--budget", "1024", "--grid", "LearningRate=1e-3", "--grid", "LerningRate=1e-3,3e-4",
            "--out", Path.Combine(Dir, "sweeps"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("'LerningRate'", error);
        Assert.Contains("Did you mean 'LearningRate'?", error);
        Assert.IsFalse(Directory.Exists(Path.Combine(Dir, "sweeps")), "Nothing is written before every setting is checked.");
    }

    [TestMethod]
    public void AGridValueThatDoesNotParseIsNamedWithItsConfiguration()
    {
        var (code, _, error) = Run("sweep", "--algo", "ppo", "--env", "CartPole-v1", "--grid", "Epochs=5,many", "--out", Path.Combine(Dir, "sweeps"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("configuration 2 (Epochs=many)", error);
        Assert.Contains("'many'", error);
    }

    [TestMethod]
    public void UnknownAlgorithmsEnvironmentsAndRangesWithoutRandomAreUsageErrors()
    {
        var (code, _, error) = Run("sweep", "--algo", "pp0", "--env", "CartPole-v1", "--out", Path.Combine(Dir, "sweeps"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("'pp0'", error);
        (code, _, error) = Run("sweep", "--algo", "ppo", "--env", "CartPol-v1", "--out", Path.Combine(Dir, "sweeps"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("CartPol-v1", error);
        (code, _, error) = Run("sweep", "--algo", "ppo", "--env", "CartPole-v1", "--range", "LearningRate=1e-4..1e-2:log", "--out", Path.Combine(Dir, "sweeps"));
        Assert.AreEqual(2, code, error);
        Assert.Contains("--random", error);
    }

    [TestMethod]
    public void RandomSearchDrawsItsConfigurationsFromTheSeed()
    {
        string[] sweep = ["sweep", "--algo", "q-learning", "--env", "FrozenLake-v1", "--budget", "2000", "--grid", "Gamma=0.9,0.99",
            "--range", "LearningRate=0.01..0.5:log", "--random", "3", "--seed", "5", "--seeds", "1,2", "--out", Path.Combine(Dir, "sweeps")];
        var (code, output, error) = Run([.. sweep, "--name", "a"]);
        Assert.AreEqual(0, code, output + error);
        Assert.HasCount(6, Directory.GetDirectories(Path.Combine(Dir, "sweeps", "a", "runs")));
        (code, output, error) = Run([.. sweep, "--name", "b"]);
        Assert.AreEqual(0, code, output + error);
        Assert.AreEqual(Configurations("a"), Configurations("b"));
        Assert.Contains("random 3 (seed 5)", File.ReadAllText(Path.Combine(Dir, "sweeps", "a", "summary.md")));
    }

    [TestMethod]
    public void ParallelRunsScoreAsTheSameRunsOneAfterAnother()
    {
        string[] sweep = ["sweep", "--algo", "ppo", "--env", "CartPole-v1", "--budget", "1024", "--grid", "LearningRate=1e-3,3e-4", "--seeds", "1,2", "--out", Path.Combine(Dir, "sweeps")];
        var (code, output, error) = Run([.. sweep, "--name", "parallel", "--parallel", "2"]);
        Assert.AreEqual(0, code, output + error);
        (code, output, error) = Run([.. sweep, "--name", "sequential", "--parallel", "1"]);
        Assert.AreEqual(0, code, output + error);
        foreach (var run in Directory.GetDirectories(Path.Combine(Dir, "sweeps", "parallel", "runs")))
        {
            Assert.AreEqual(RunFiles.EvaluationMean(run), RunFiles.EvaluationMean(Path.Combine(Dir, "sweeps", "sequential", "runs", Path.GetFileName(run))), Path.GetFileName(run));
        }
    }

    private string Configurations(string sweep)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "sweeps", sweep, "sweep.json")));
        return json.RootElement.GetProperty("configurations").GetRawText();
    }
}
