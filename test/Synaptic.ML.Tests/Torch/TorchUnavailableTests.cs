using Microsoft.ML;
using Synaptic.ML.Tests.Trainers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Torch;

/// <summary>
/// Where libtorch cannot load, a trainer says why in one sentence instead of TorchSharp's misleading
/// "doesn't contain a reference to libtorch-cpu-linux-x64": this test runs a small MLP training in a child test
/// process whose copy of the output has a broken LibTorchSharp native library.
/// </summary>
[TestClass]
public sealed class TorchUnavailableTests : TempDirectoryTest
{
    /// <summary>The training the child process runs; here, where libtorch loads, it simply trains.</summary>
    [TestMethod]
    public void AShortA2CRunOfAnMlpPolicyTrains()
    {
        var ml = new MLContext(seed: 0);
        var policy = ml.Synaptic().Trainers.A2C("CartPole-v1", totalTimesteps: 200, policy: new MlpPolicyOptions(), seed: 2)
            .Fit(TrainedPolicies.Episodes(ml, "CartPole-v1"));
        Assert.AreEqual(5, policy.TrainingHistory!.Updates.Count, "200 steps of 8 environments × 5 steps: 5 updates.");
    }

    [TestMethod]
    public void WhereLibTorchCannotLoadFitSaysWhyInOneSentence()
    {
        var (exitCode, text) = RunInACopyWithoutLibTorch(nameof(AShortA2CRunOfAnMlpPolicyTrains));
        Assert.AreNotEqual(0, exitCode, text);
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Failed:\s+1, Passed:\s+0"), "The child's one test failed.");
        // The exception Fit throws is the library's own sentence; TorchSharp's misleading one is only its inner exception.
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(
            @"threw exception:\s*System\.InvalidOperationException: TorchSharp's native librar(y|ies) .*could not be loaded"));
        StringAssert.Contains(text, "at Synaptic.ML.Trainers.TrainerBase`2.Fit", "It comes from the trainer's Fit.");
    }

    /// <summary>
    /// The loading the child process runs: the zip named by <see cref="PolicyZipVariable"/> there; here, where libtorch
    /// loads, a policy this test saves first.
    /// </summary>
    [TestMethod]
    public void ASavedMlpPolicyLoads()
    {
        var zip = Environment.GetEnvironmentVariable(PolicyZipVariable) ?? SaveSmallMlpPolicy(Path.Combine(Dir, "policy.zip"));
        var loaded = new MLContext(seed: 0).Synaptic().LoadModel(zip, out var schema);
        Assert.IsNotNull(loaded.GetOutputSchema(schema).GetColumnOrNull("Action"), "The loaded policy scores actions.");
    }

    [TestMethod]
    public void WhereLibTorchCannotLoadLoadingAPolicySaysWhyInOneSentence()
    {
        var zip = SaveSmallMlpPolicy(Path.Combine(Dir, "policy.zip"));
        var (exitCode, text) = RunInACopyWithoutLibTorch(nameof(ASavedMlpPolicyLoads), zip);
        Assert.AreNotEqual(0, exitCode, text);
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Failed:\s+1, Passed:\s+0"), "The child's one test failed.");
        // Not "Cannot load the model ...: <TorchSharp's misleading sentence>": the model is fine, libtorch is not.
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(
            @"threw exception:\s*System\.InvalidOperationException: TorchSharp's native librar(y|ies) .*could not be loaded"));
        StringAssert.Contains(text, "at Synaptic.ML.SynapticCatalog.LoadModel", "It comes from LoadModel.");
    }

    private static string SaveSmallMlpPolicy(string zip)
    {
        var ml = new MLContext(seed: 0);
        var episodes = TrainedPolicies.Episodes(ml, "CartPole-v1");
        var policy = ml.Synaptic().Trainers.A2C("CartPole-v1", totalTimesteps: 40, policy: new MlpPolicyOptions(), seed: 2).Fit(episodes);
        ml.Model.Save(policy, episodes.Schema, zip);
        return zip;
    }

    /// <summary>The managed learners the child process runs (Q-learning, STDP-Q); they need no libtorch.</summary>
    [TestMethod]
    public void ShortTabularRunsTrain()
    {
        var ml = new MLContext(seed: 0);
        var policy = ml.Synaptic().Trainers.QLearning("Taxi-v3", totalTimesteps: 2_000, seed: 2).Fit(TrainedPolicies.Episodes(ml, "Taxi-v3"));
        Assert.AreEqual(2, policy.TrainingHistory!.Rows.Count(r => r.Kind == MetricRowKind.Iteration), "2,000 steps in iterations of 1,000.");
        var stdp = ml.Synaptic().Trainers.StdpQLearning("Taxi-v3", totalTimesteps: 2_000, seed: 2).Fit(TrainedPolicies.Episodes(ml, "Taxi-v3"));
        Assert.AreEqual(2, stdp.TrainingHistory!.Rows.Count(r => r.Kind == MetricRowKind.Iteration), "STDP-Q: 2,000 steps in iterations of 1,000.");
    }

    [TestMethod]
    public void ManagedLearnersTrainWhereLibTorchCannotLoad()
    {
        var (exitCode, text) = RunInACopyWithoutLibTorch(nameof(ShortTabularRunsTrain));
        Assert.AreEqual(0, exitCode, text);
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Failed:\s+0, Passed:\s+1"));
    }

    private const string PolicyZipVariable = "SYNAPTIC_TEST_POLICY_ZIP";

    private (int ExitCode, string Output) RunInACopyWithoutLibTorch(string testName, string? policyZip = null)
    {
        var output = AppContext.BaseDirectory;
        var copy = Path.Combine(Dir, "app");
        var broken = 0;
        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(output, file);
            if (relative.StartsWith("TestResults", StringComparison.Ordinal))
                continue;
            var target = Path.Combine(copy, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(file).Contains("LibTorchSharp", StringComparison.Ordinal))
            {
                File.WriteAllBytes(target, []);   // not a loadable library: libtorch cannot start
                broken++;
            }
            else if (relative.StartsWith("runtimes", StringComparison.Ordinal))
            {
                File.CreateSymbolicLink(target, file);   // native libraries, 1 GB: linked, not copied
            }
            else
            {
                File.Copy(file, target);   // managed assemblies are copied so they load from the copy's folder
            }
        }
        Assert.IsGreaterThan(0, broken, "The output holds TorchSharp's native library.");

        return ChildTestRun.Run(ChildTestRun.Methods<TorchUnavailableTests>(testName),
            new Dictionary<string, string?> { [PolicyZipVariable] = policyZip }, Path.Combine(copy, "Synaptic.ML.Tests.dll"), copy);
    }
}
