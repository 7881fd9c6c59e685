using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Trainers.Training;

[TestClass]
public sealed class TrainingProgressTests
{
    private static TrainingProgress At(long steps, double? evaluation = null, bool evaluated = false) =>
        new(Iteration: (int)(steps / 100), Steps: steps, TotalSteps: 10_000, Episodes: (int)(steps / 50), RecentMean: steps / 100.0,
            LastEvaluation: evaluation, WallSeconds: steps / 1000.0, Evaluated: evaluated);

    [TestMethod]
    public void ToStringIsOneReadableLineNotARecordDump()
    {
        Assert.AreEqual("iteration 30: 3,000/10,000 steps (30%), 60 episodes, recent mean 30.00, last evaluation —, 3.0 s", At(3_000).ToString());
        Assert.AreEqual("iteration 50: 5,000/10,000 steps (50%), 100 episodes, recent mean 50.00, last evaluation 475.50 (this iteration), 5.0 s",
            At(5_000, 475.5, evaluated: true).ToString());
        var start = new TrainingProgress(0, 0, 10_000, 0, double.NaN, null, 0, false);
        Assert.AreEqual("iteration 0: 0/10,000 steps (0%), 0 episodes, recent mean —, last evaluation —, 0.0 s", start.ToString());
    }

    [TestMethod]
    public void TheConsoleReporterWritesALinePerTenthAndPerNewEvaluationWhenRedirected()
    {
        var writer = new StringWriter();
        IProgress<TrainingProgress> progress = new ConsoleProgressBar("PPO", writer, inPlace: false);
        for (var steps = 100L; steps <= 10_000; steps += 100)
            progress.Report(At(steps, steps >= 5_050 ? 480 : null));
        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(12, lines, writer.ToString());   // the first report, 10%, 20%, … 100%, and the first evaluation at 51%
        Assert.AreEqual("PPO:   1% | 100/10,000 steps | mean return    1.0 | eval — | 0.1 s", lines[0]);
        Assert.AreEqual("PPO:  10% | 1,000/10,000 steps | mean return   10.0 | eval — | 1.0 s", lines[1]);
        Assert.AreEqual("PPO:  51% | 5,100/10,000 steps | mean return   51.0 | eval 480.0 | 5.1 s", lines[6]);
        Assert.AreEqual("PPO: 100% | 10,000/10,000 steps | mean return  100.0 | eval 480.0 | 10.0 s", lines[^1]);
    }

    [TestMethod]
    public void TheConsoleReporterRedrawsInPlaceAtMostEveryTenthOfASecond()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgressBar("A2C", writer, inPlace: true);
        for (var steps = 100L; steps <= 3_000; steps += 100)
            progress.Report(At(steps));   // 30 reports within far less than 100 ms: the first is drawn, the rest wait
        Assert.AreEqual(1, writer.ToString().Count(c => c == '\r'), writer.ToString());
        StringAssert.StartsWith(writer.ToString(), "\rA2C: [");
        progress.Complete("done");
        StringAssert.EndsWith(writer.ToString().TrimEnd(), "3,000/10,000 steps | mean return   30.0 | eval — | 3.0 s | done");
    }
}
