using Synaptic.ML.Environments.Wrappers;
using Synaptic.ML.Tests.Environments.Rendering;

namespace Synaptic.ML.Tests.Environments.Wrappers;

[TestClass]
public sealed class RecordingTests : TempDirectoryTest
{
    [TestMethod]
    public void EpisodeStatistics_AppearInInfoOnTheEndingStepOnly_WithReturnAndLength()
    {
        var env = new RecordEpisodeStatistics(new ScriptedEnv([[0f]], [1.5, -0.5, 2], episodeLength: 3) { PutInfo = true });
        env.Reset(0);
        Assert.IsFalse(env.Info.ContainsKey("episode"));
        Assert.AreEqual("reset", env.Info["phase"], "the wrapped environment's info shows through");
        var first = env.Step([0f]);
        Assert.IsFalse(first.Info.ContainsKey("episode"));
        env.Step([0f]);
        var last = env.Step([0f]);
        Assert.IsTrue(last.Terminated);
        var stats = (EpisodeStatistics)last.Info["episode"];
        Assert.AreEqual(3.0, stats.Return);
        Assert.AreEqual(3, stats.Length);
        Assert.IsGreaterThanOrEqualTo(0.0, stats.Time);
        Assert.AreEqual(Math.Round(stats.Time, 6), stats.Time, "rounded to microseconds");
        Assert.AreEqual("step", last.Info["phase"]);
        Assert.AreEqual(2, env.Info.Count);
        CollectionAssert.AreEquivalent(new[] { "episode", "phase" }, env.Info.Keys.ToArray());
        env.Reset();
        Assert.IsFalse(env.Info.ContainsKey("episode"), "the entry belongs to the ending step only");
    }

    [TestMethod]
    public void EpisodeStatistics_QueuesKeepTheLastNEpisodes_OldestFirst()
    {
        var inner = new ScriptedEnv([[0f]], [0.5]);
        var env = new RecordEpisodeStatistics(inner, bufferLength: 2);
        foreach (var length in new[] { 2, 5, 3 })
        {
            inner.EpisodeLength = length;
            env.Reset(0);
            while (!env.Step([0f]).Terminated)
            {
            }
        }
        CollectionAssert.AreEqual(new[] { 2.5, 1.5 }, env.ReturnQueue.ToArray());
        CollectionAssert.AreEqual(new[] { 5, 3 }, env.LengthQueue.ToArray());
        Assert.HasCount(2, env.TimeQueue);
        Assert.AreEqual(3, env.EpisodeCount);
    }

    [TestMethod]
    public void EpisodeStatistics_CountTruncatedEpisodes_ButNotOnesAbandonedByAReset()
    {
        var env = new RecordEpisodeStatistics(new TimeLimit(new ScriptedEnv([[0f]], [2.0], episodeLength: 100), 4));
        env.Reset(0);
        env.Step([0f]);
        env.Reset();
        Assert.AreEqual(0, env.EpisodeCount, "a reset in mid-episode records nothing");
        Assert.AreEqual(0, env.EpisodeLength);
        for (var t = 0; t < 3; t++)
            env.Step([0f]);
        var last = env.Step([0f]);
        Assert.IsTrue(last.Truncated);
        var stats = (EpisodeStatistics)last.Info["episode"];
        Assert.AreEqual((8.0, 4), (stats.Return, stats.Length));
        CollectionAssert.AreEqual(new[] { 8.0 }, env.ReturnQueue.ToArray());
    }

    [TestMethod]
    public void RecordGif_WritesOneGifPerTriggeredEpisode_WithAFramePerResetAndStep()
    {
        var inner = new ScriptedEnv([[0f], [1f], [2f], [3f]]);
        var directory = Path.Combine(Dir, "videos");
        using (var env = new RecordGif(inner, directory, episodeTrigger: e => e != 1, namePrefix: "scripted", framesPerSecond: 20))
        {
            for (var episode = 0; episode < 3; episode++)
            {
                env.Reset(episode);
                Assert.AreEqual(episode != 1, env.Recording, $"episode {episode}");
                while (!env.Step([0f]).Terminated)
                {
                }
                Assert.IsFalse(env.Recording, "the file closes when the episode ends");
            }
            // An unfinished episode is closed by Dispose.
            env.Reset(3);
            env.Step([0f]);
            CollectionAssert.AreEqual(
                new[] { "scripted-episode-0.gif", "scripted-episode-2.gif", "scripted-episode-3.gif" },
                env.Files.Select(Path.GetFileName).ToArray());
        }
        foreach (var (file, frames) in new[] { ("scripted-episode-0.gif", 4), ("scripted-episode-2.gif", 4), ("scripted-episode-3.gif", 2) })
        {
            var gif = GifTestDecoder.Read(File.ReadAllBytes(Path.Combine(directory, file)));
            Assert.HasCount(frames, gif.Images, file);
            Assert.AreEqual(5, gif.Width);
            Assert.AreEqual(4, gif.Height);
            Assert.IsTrue(gif.Images.All(i => i.DelayCentiseconds == 5), "20 fps = 5 cs per frame");
            // Frame k shows step k: its red channel is 40·k, mapped to the nearest palette colour.
            for (var k = 0; k < frames; k++)
                Assert.AreEqual(Synaptic.ML.Environments.GifPalette.Nearest((byte)(40 * k), 0, (byte)(255 - 30 * ResetsBefore(file))), gif.Images[k].Indices[0], $"{file} frame {k}");
        }

        static int ResetsBefore(string file) => int.Parse(file.Split('-')[2].Split('.')[0]) + 1;
    }

    [TestMethod]
    public void RecordGif_DefaultScheduleIsGymnasiumsCappedCubic()
    {
        int[] recorded = [0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 5000];
        int[] skipped = [2, 7, 9, 26, 28, 999, 1001, 1999];
        Assert.IsTrue(recorded.All(RecordGif.CappedCubicSchedule));
        Assert.IsFalse(skipped.Any(RecordGif.CappedCubicSchedule));
        Assert.AreEqual(10, Enumerable.Range(0, 1000).Count(RecordGif.CappedCubicSchedule));
    }

    [TestMethod]
    public void RecordGif_NeedsAnEnvironmentThatRenders()
    {
        using var env = new RecordGif(new Vector.CountdownEnv(3), Dir);
        var error = Assert.Throws<InvalidOperationException>(() => env.Reset(0));
        StringAssert.Contains(error.Message, "does not render");
    }
}
