using System.Text.Json;
using Synaptic.ML.Environments;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Analysis;

[TestClass]
public sealed class RecurrentStateAnalysisTests : TempDirectoryTest
{
    private const int H = 6, I = 4, FrameWidth = 40, FrameHeight = 30;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly RecurrentAnalysisOptions Small = new() { Width = 400, Height = 300, Components = 5, GifMinimumPanelHeight = 48 };

    private static readonly string[] HiddenFiles = ["hidden_pca_time.png", "hidden_pca_action.png", "hidden_explained_variance.png"];
    private static readonly string[] TraceFiles = ["trace_pca_time.png", "trace_pca_action.png", "trace_explained_variance.png", "trace_heatmap.png"];

    [TestMethod]
    public void Write_WithTraceAndFrames_WritesEveryFigureTheGifAndTheNumbers()
    {
        RecordedEpisode[] episodes = [Episode(1, 30, trace: true, frames: true, ret: 2), Episode(2, 25, trace: true, frames: true, ret: 7), Episode(3, 35, trace: true, frames: true, ret: 1)];

        RecurrentAnalysisReport report = RecurrentStateAnalysis.Write(Dir, episodes, Small);

        foreach (string name in HiddenFiles.Concat(TraceFiles))
            AssertPng(Path.Combine(Dir, name));
        byte[] gif = File.ReadAllBytes(Path.Combine(Dir, "episode.gif"));
        CollectionAssert.AreEqual("GIF89a"u8.ToArray(), gif[..6]);
        Assert.IsGreaterThan(FrameWidth, gif[6] | gif[7] << 8, "the GIF is wider than the frame: M is drawn beside it");
        Assert.AreEqual(48, gif[8] | gif[9] << 8, "the M panel's minimum height sets the GIF's height");
        Assert.IsGreaterThan(2000, gif.Length);
        Assert.AreEqual(0x3B, gif[^1], "the GIF ends with its trailer");

        Assert.AreEqual(1, report.RenderedEpisode, "the default renders the episode with the highest return");
        Assert.AreEqual(H * I, report.Trace!.Dimension);
        Assert.AreEqual(5, report.HiddenExplainedVarianceRatios.Count);
        Assert.AreEqual(5, report.TraceExplainedVarianceRatios!.Count);
        Assert.IsTrue(report.HiddenParticipationRatio is >= 1 and <= H, $"PR {report.HiddenParticipationRatio}");
        Assert.IsTrue(report.TraceParticipationRatio is >= 1 and <= H * I, $"PR {report.TraceParticipationRatio}");
        double largest = episodes[1].Trace.SelectMany(m => m).Max(v => Math.Abs((double)v));
        Assert.AreEqual(largest, report.TraceColourLimit!.Value, 1e-12);
        Assert.HasCount(HiddenFiles.Length + TraceFiles.Length + 2, report.Files);
        foreach (string path in report.Files)
            Assert.IsTrue(File.Exists(path), path);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "analysis.json")));
        JsonElement root = json.RootElement;
        Assert.AreEqual(90, root.GetProperty("steps").GetInt32());
        Assert.AreEqual(report.HiddenParticipationRatio, root.GetProperty("hidden").GetProperty("participationRatio").GetDouble(), 1e-12);
        Assert.AreEqual(report.TraceParticipationRatio!.Value, root.GetProperty("trace").GetProperty("participationRatio").GetDouble(), 1e-12);
        double[] ratios = root.GetProperty("trace").GetProperty("explainedVarianceRatio").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        CollectionAssert.AreEqual(report.TraceExplainedVarianceRatios.ToArray(), ratios);
    }

    [TestMethod]
    public void Write_WithoutTrace_OmitsTraceFiles_AndTheGifShowsTheFrameOnly()
    {
        RecordedEpisode[] episodes = [Episode(4, 20, trace: false, frames: true, ret: 0), Episode(5, 20, trace: false, frames: false, ret: 0)];

        RecurrentAnalysisReport report = RecurrentStateAnalysis.Write(Dir, episodes, Small);

        foreach (string name in HiddenFiles)
            AssertPng(Path.Combine(Dir, name));
        foreach (string name in TraceFiles)
            Assert.IsFalse(File.Exists(Path.Combine(Dir, name)), name);
        byte[] gif = File.ReadAllBytes(Path.Combine(Dir, "episode.gif"));
        Assert.AreEqual(FrameWidth, gif[6] | gif[7] << 8);
        Assert.AreEqual(FrameHeight, gif[8] | gif[9] << 8);
        Assert.IsNull(report.Trace);
        Assert.IsNull(report.TraceParticipationRatio);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "analysis.json")));
        Assert.AreEqual(JsonValueKind.Null, json.RootElement.GetProperty("trace").ValueKind);
    }

    [TestMethod]
    public void Write_WithoutFrames_WritesNoGif()
    {
        RecurrentStateAnalysis.Write(Dir, [Episode(6, 20, trace: true, frames: false, ret: 0)], Small);

        Assert.IsTrue(File.Exists(Path.Combine(Dir, "trace_heatmap.png")));
        Assert.IsFalse(File.Exists(Path.Combine(Dir, "episode.gif")));
    }

    [TestMethod]
    public void Write_RefusesEpisodesThatDisagree()
    {
        RecordedEpisode withTrace = Episode(7, 10, trace: true, frames: false, ret: 0);
        RecordedEpisode without = Episode(8, 10, trace: false, frames: false, ret: 0);
        var mixed = Assert.ThrowsExactly<ArgumentException>(() => RecurrentStateAnalysis.Write(Dir, [withTrace, without], Small));
        StringAssert.Contains(mixed.Message, "Episode 1 has no trace");

        RecordedEpisode wider = new() { Hidden = [[1, 2, 3, 4, 5, 6, 7], [2, 1, 3, 4, 5, 6, 7]], Actions = [0, 1], Return = 0 };
        var sizes = Assert.ThrowsExactly<ArgumentException>(() => RecurrentStateAnalysis.Write(Dir, [without, wider], Small));
        StringAssert.Contains(sizes.Message, "Episode 1 has hidden states of 7 values; episode 0 has 6");

        var range = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => RecurrentStateAnalysis.Write(Dir, [without], new RecurrentAnalysisOptions { RenderedEpisode = 3 }));
        StringAssert.Contains(range.Message, "there are 1 episodes");
        Assert.ThrowsExactly<ArgumentException>(() => RecurrentStateAnalysis.Write(Dir, [], Small));

        RecordedEpisode frozen = new()
        {
            Hidden = [[1, 2], [2, 1]],
            Trace = [[1, 1, 1, 1], [1, 1, 1, 1]],
            TraceRows = 2,
            TraceColumns = 2,
            Actions = [0, 0],
            Return = 0,
        };
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => RecurrentStateAnalysis.Write(Dir, [frozen], Small)).Message, "trace M are the same at every step");
    }

    /// <summary>
    /// A small multi-plasticity network run on random inputs: h_t = tanh(W x_t + M_{t−1} x_t), M_t = λM_{t−1} + η h_t x_tᵀ,
    /// with frames whose colour follows the step.
    /// </summary>
    internal static RecordedEpisode Episode(int seed, int steps, bool trace, bool frames, double ret)
    {
        var random = new Random(seed);
        var w = new double[H, I];
        for (int r = 0; r < H; r++)
        {
            for (int c = 0; c < I; c++)
                w[r, c] = random.NextDouble() * 2 - 1;
        }

        const double Lambda = 0.9, Eta = 0.5;
        var m = new double[H * I];
        var hidden = new float[steps][];
        var traces = new float[steps][];
        var actions = new int[steps];
        var frameList = new List<Frame>();
        for (int t = 0; t < steps; t++)
        {
            double[] x = Enumerable.Range(0, I).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var h = new float[H];
            for (int r = 0; r < H; r++)
            {
                double a = 0;
                for (int c = 0; c < I; c++)
                    a += (w[r, c] + m[r * I + c]) * x[c];
                h[r] = (float)Math.Tanh(a);
            }

            for (int r = 0; r < H; r++)
            {
                for (int c = 0; c < I; c++)
                    m[r * I + c] = Lambda * m[r * I + c] + Eta * h[r] * x[c];
            }

            hidden[t] = h;
            traces[t] = m.Select(v => (float)v).ToArray();
            actions[t] = h[0] > 0 ? 1 : h[1] > 0 ? 2 : 0;
            var rgb = new byte[FrameWidth * FrameHeight * 3];
            for (int p = 0; p < rgb.Length; p += 3)
            {
                rgb[p] = (byte)(t * 8);
                rgb[p + 1] = (byte)(p % 251);
                rgb[p + 2] = 128;
            }

            frameList.Add(new Frame(FrameWidth, FrameHeight, rgb));
        }

        return new RecordedEpisode
        {
            Hidden = hidden,
            Trace = trace ? traces : [],
            TraceRows = trace ? H : 0,
            TraceColumns = trace ? I : 0,
            Actions = actions,
            Return = ret,
            Frames = frames ? frameList : null,
        };
    }

    private static void AssertPng(string path)
    {
        Assert.IsTrue(File.Exists(path), path);
        byte[] bytes = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(PngSignature, bytes[..8], path);
        Assert.IsGreaterThan(5000, bytes.Length, $"{path} is only {bytes.Length} bytes");
    }
}
