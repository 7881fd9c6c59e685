using System.Diagnostics;
using Synaptic.ML.Samples.Cli;

namespace Synaptic.ML.Cli.Tests;

/// <summary>The tool started as a process, as a user starts it.</summary>
[TestClass]
public sealed class ProgramProcessTests : CliTest
{
    private static (int Code, string Output, string Error) Start(string workingDirectory, params string[] args)
    {
        var program = typeof(SynapticCommandLine).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(3)), "the program did not finish in 3 minutes");
        return (process.ExitCode, output.Result, error.Result);
    }

    [TestMethod]
    public void TheProgramTrainsIntoAnExperimentFolderAndEvaluatesIt()
    {
        var train = Start(Dir, "train", "--algo", "q-learning", "--env", "FrozenLake-v1", "--budget", "5000", "--seed", "4");
        Assert.AreEqual(0, train.Code, train.Error);
        StringAssert.Contains(train.Output, "q-learning FrozenLake-v1 seed 4");   // redirected: plain progress lines
        var root = SingleExperiment(Path.Combine(Dir, "experiments"));
        Assert.IsTrue(File.Exists(Path.Combine(root, "final.zip")));

        var eval = Start(Dir, "eval", root, "--episodes", "5");
        Assert.AreEqual(0, eval.Code, eval.Error);
        StringAssert.Contains(eval.Output, "final.zip on FrozenLake-v1: return");
    }

    [TestMethod]
    public void HelpListsTheVerbsAndTheSamplesRemainReachable()
    {
        var help = Start(Dir, "help");
        Assert.AreEqual(0, help.Code, help.Error);
        foreach (var verb in new[] { "train", "eval", "render", "analyze", "presets", "algorithms", "sample" })
            StringAssert.Contains(help.Output, verb);

        var samples = Start(Dir, "sample", "--help");
        Assert.AreEqual(0, samples.Code, samples.Error);
        foreach (var sample in new[] { "cartpole", "solve", "dqn", "mpn", "rstdp", "maml", "classify" })
            StringAssert.Contains(samples.Output, sample);

        var usage = Start(Dir, "train", "--budget", "many");
        Assert.AreNotEqual(0, usage.Code);
        StringAssert.Contains(usage.Output + usage.Error, "many");
    }
}
