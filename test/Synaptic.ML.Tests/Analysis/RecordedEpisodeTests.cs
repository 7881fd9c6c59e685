using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Analysis;

[TestClass]
public sealed class RecordedEpisodeTests
{
    [TestMethod]
    public void Validate_AcceptsConsistentEpisodes_WithOrWithoutTrace()
    {
        RecurrentStateAnalysisTests.Episode(1, 5, trace: true, frames: true, ret: 1).Validate(0);
        RecurrentStateAnalysisTests.Episode(1, 5, trace: false, frames: false, ret: 1).Validate(0);
        // A GRU-style recording: one empty trace array per step.
        new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Trace = [[], []], Actions = [0, 1], Return = 0 }.Validate(0);
    }

    [TestMethod]
    public void Validate_NamesTheEpisodeStepAndSizes()
    {
        AssertMessage(new RecordedEpisode { Hidden = [], Actions = [], Return = 0 }, "Episode 4 has no steps");
        AssertMessage(new RecordedEpisode { Hidden = [[1, 2], [1, 2, 3]], Actions = [0, 0], Return = 0 }, "Episode 4, step 1: the hidden state has 3 values; H = 2");
        AssertMessage(new RecordedEpisode { Hidden = [[1, 2], [1, float.NaN]], Actions = [0, 0], Return = 0 }, "Episode 4, step 1: the hidden state is NaN at index 1");
        AssertMessage(new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Actions = [0], Return = 0 }, "Episode 4 has 2 hidden states but 1 actions");
        AssertMessage(new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Actions = [0, 0], Return = double.NaN }, "Episode 4 has return NaN");
        AssertMessage(
            new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Trace = [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5]], TraceRows = 2, TraceColumns = 3, Actions = [0, 0], Return = 0 },
            "Episode 4, step 1: the trace (2 x 3) has 5 values; TraceRows x TraceColumns = 6");
        AssertMessage(
            new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Trace = [[1, 2, 3, 4]], TraceRows = 2, TraceColumns = 2, Actions = [0, 0], Return = 0 },
            "Episode 4 has 2 hidden states but 1 trace arrays");
        AssertMessage(
            new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Trace = [[1, 2, 3, 4], [1, 2, 3, 4]], Actions = [0, 0], Return = 0 },
            "TraceRows x TraceColumns = 0 x 0; both must be positive");
        AssertMessage(
            new RecordedEpisode { Hidden = [[1, 2], [3, 4]], TraceRows = 2, TraceColumns = 2, Actions = [0, 0], Return = 0 },
            "has no trace values but TraceRows x TraceColumns = 2 x 2");

        var small = new Frame(2, 2, new byte[12]);
        var large = new Frame(3, 2, new byte[18]);
        AssertMessage(new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Actions = [0, 0], Return = 0, Frames = [small] }, "Episode 4 has 2 steps but 1 frames");
        AssertMessage(
            new RecordedEpisode { Hidden = [[1, 2], [3, 4]], Actions = [0, 0], Return = 0, Frames = [small, large] },
            "Episode 4, step 1: the frame is 3x2; step 0's is 2x2");
    }

    private static void AssertMessage(RecordedEpisode episode, string expected)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => episode.Validate(4));
        StringAssert.Contains(error.Message, expected);
    }
}
