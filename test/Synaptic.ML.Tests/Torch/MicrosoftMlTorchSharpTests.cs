using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.TorchSharp;
using Microsoft.ML.TorchSharp.AutoFormerV2;
using Microsoft.ML.Transforms.Image;
using Synaptic.ML.Torch;
using TorchSharp;

namespace Synaptic.ML.Tests.Torch;

/// <summary>
/// Microsoft.ML.TorchSharp 0.23.1, built against TorchSharp 0.102.7, in one process with our components on the
/// TorchSharp 0.107.0 that our libraries reference.
/// </summary>
/// <remarks>
/// <para>
/// Every trainer of that package fetches pretrained weights through ML.NET's resource manager, which looks for the
/// file at <c>&lt;MLContext.TempFilePath&gt;/mlnet/&lt;file name&gt;</c> and downloads it from aka.ms only when it
/// is missing. The text trainers (TextClassification, SentenceSimilarity, NamedEntityRecognition) and
/// QuestionAnswer load that file into their encoder with a strict TorchSharp load, which rejects any file that does
/// not hold exactly the encoder's tensors, so they cannot run without the real weights. ObjectDetection loads its
/// file with <c>strict: false</c>: given a state dictionary with no entries, it keeps its AutoFormerV2's random
/// initialisation, so it is the one trainer that could train offline.
/// </para>
/// <para>
/// It does not, on TorchSharp 0.107: TorchSharp 0.105.1 added an <c>antialias</c> parameter to
/// <c>torch.nn.functional.interpolate</c> ("Add torchvision.transforms.Resize interpolation and antialias" in its
/// release notes), which removed the six-parameter overload that the package's AutoFormerV2 block and feature
/// pyramid call. Those two methods fail to compile with a <see cref="MissingMethodException"/>; everything else in
/// the assembly binds. The tests below pin that down, and show what does work side by side with our components.
/// </para>
/// <para>
/// A second break comes from our side: Synaptic.ML's plotting (ScottPlot 5) brings in SkiaSharp 3, against which
/// the package's image dependency, Microsoft.ML.ImageAnalytics 5.0.1 (built for SkiaSharp 2.88), loses
/// <c>MLImage.Pixels</c>, and with it ML.NET's <c>ExtractPixels</c>.
/// </para>
/// </remarks>
[TestClass]
public sealed class MicrosoftMlTorchSharpTests : TempDirectoryTest
{
    private const int ImageSide = 64;

    // The weights file ObjectDetectionTrainer asks the resource manager for ("models/autoformer_11m_torchsharp.bin").
    private const string ObjectDetectionWeightsFile = "autoformer_11m_torchsharp.bin";

    private const string MissingInterpolate =
        "Method not found: 'Tensor functional.interpolate(Tensor, Int64[], Double[], InterpolationMode, System.Nullable`1<Boolean>, Boolean)'.";

    [TestMethod]
    public void ItsAssemblyWasBuiltAgainstTorchSharp0102ButBindsToOurTorchSharp0107()
    {
        TorchRuntime.EnsureAvailable();
        Assembly ours = typeof(torch).Assembly;
        Assembly theirs = typeof(AutoFormerV2).Assembly;

        AssemblyName compiledAgainst = theirs.GetReferencedAssemblies().Single(a => a.Name == "TorchSharp");
        Assert.AreEqual(new Version(0, 102, 7, 0), compiledAgainst.Version, "Microsoft.ML.TorchSharp 0.23.1's reference to TorchSharp.");

        // Resolving its network's base class loads whatever TorchSharp the application binds that reference to.
        Assembly resolved = typeof(AutoFormerV2).BaseType!.Assembly;
        Assert.AreSame(ours, resolved);
        Assert.AreEqual(new Version(0, 107, 0, 0), ours.GetName().Version);

        Assembly[] loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "TorchSharp").ToArray();
        Assert.HasCount(1, loaded, "One TorchSharp in the process: " + string.Join(", ", loaded.Select(a => a.FullName)));
        Assert.AreSame(ours, loaded[0]);
    }

    [TestMethod]
    public void OfItsMethodsOnlyTheTwoThatCallInterpolateFailToBindToTorchSharp0107()
    {
        TorchRuntime.EnsureAvailable();
        var (compiled, failures) = CompileAll(typeof(AutoFormerV2).Assembly);

        Assert.IsGreaterThan(500, compiled, "Methods of Microsoft.ML.TorchSharp that compiled.");
        CollectionAssert.AreEqual(new[] { "AutoFormerV2Block.forward", "FPN.forward" }, failures.Keys.ToArray(),
            string.Join(Environment.NewLine, failures.Select(f => $"{f.Key}: {f.Value}")));
        Assert.IsTrue(failures.Values.All(m => m == MissingInterpolate), string.Join(Environment.NewLine, failures.Values));
    }

    [TestMethod]
    public void OfItsImageDependencyOnlyMLImagePixelsFailsToBindToTheSkiaSharp3OurPlottingBringsIn()
    {
        // Synaptic.ML references ScottPlot 5, which needs SkiaSharp 3; Microsoft.ML.ImageAnalytics 5.0.1 (a
        // dependency of Microsoft.ML.TorchSharp) was built against SkiaSharp 2.88, and SkiaSharp 3 changed
        // SKBitmap.GetPixelSpan() to return a writable Span<byte>. MLImage.Pixels, which ExtractPixels reads, calls it.
        Assembly imageAnalytics = typeof(MLImage).Assembly;
        Assert.AreEqual(2, imageAnalytics.GetReferencedAssemblies().Single(a => a.Name == "SkiaSharp").Version!.Major);
        Assert.AreEqual(3, typeof(SkiaSharp.SKBitmap).Assembly.GetName().Version!.Major);
        Assert.AreEqual(typeof(Span<byte>), typeof(SkiaSharp.SKBitmap).GetMethod(nameof(SkiaSharp.SKBitmap.GetPixelSpan), Type.EmptyTypes)!.ReturnType);

        var (compiled, failures) = CompileAll(imageAnalytics);

        Assert.IsGreaterThan(200, compiled, "Methods of Microsoft.ML.ImageAnalytics that compiled.");
        CollectionAssert.AreEqual(new[] { "MLImage.get_Pixels" }, failures.Keys.ToArray(),
            string.Join(Environment.NewLine, failures.Select(f => $"{f.Key}: {f.Value}")));
        Assert.AreEqual("Method not found: 'System.ReadOnlySpan`1<Byte> SkiaSharp.SKBitmap.GetPixelSpan()'.", failures.Values.Single());
    }

    [TestMethod]
    public void ItsRetinaNetAnchorsRunOnOurTorchSharp()
    {
        TorchRuntime.EnsureAvailable();
        using var anchors = new Anchors();
        using var image = torch.zeros(1, 3, 96, 96);
        using var all = anchors.forward(image);

        // RetinaNet (Lin et al., 2017): pyramid levels 3..7 with strides 2^l, nine anchors (ratios 1/2, 1, 2 ×
        // scales 2^0, 2^(1/3), 2^(2/3)) per position of a ceil(96 / 2^l)-square grid: 9 × (12² + 6² + 3² + 2² + 1²).
        CollectionAssert.AreEqual(new long[] { 1, 9 * 194, 4 }, all.shape);
        // The fourth anchor of the first position: ratio 1, scale 1, side 2^(3+2) = 32, centred on (4, 4).
        CollectionAssert.AreEqual(new float[] { -12, -12, 20, 20 }, all[0, 3].data<float>().ToArray());
        // The last anchor: level 7 (stride 128, side 512), ratio 2 (h = 2w), scale 2^(2/3), centred on (64, 64).
        var side = 512 * Math.Pow(2, 2.0 / 3);
        var w = side / Math.Sqrt(2);
        var expected = new[] { 64 - w / 2, 64 - w, 64 + w / 2, 64 + w };
        var last = all[0, -1].data<float>().ToArray();
        for (var i = 0; i < 4; i++)
            Assert.AreEqual(expected[i], last[i], 1e-3, $"Coordinate {i} of the last anchor.");
    }

    [TestMethod]
    public void InOnePipelineOurFeaturizerRunsAndItsObjectDetectorFailsAtItsFirstForwardPassWithoutDownloading()
    {
        TorchRuntime.EnsureAvailable();
        var ml = new MLContext(seed: 1) { TempFilePath = Dir };
        WriteEmptyStateDictionary(Path.Combine(Dir, "mlnet", ObjectDetectionWeightsFile));
        var messages = new List<string>();
        ml.Log += (_, e) => messages.Add(e.Message);

        var rows = new[] { Scene("square", 8, 12, 40, 44), Scene("bar", 20, 4, 28, 60) };
        try
        {
            var data = ml.Data.LoadFromEnumerable(rows);
            var ours = ml.Transforms.Conversion.MapValueToKey(nameof(DetectionScene.Labels))
                .Append(ml.Synaptic().Transforms.ConvFeaturizer("Embedding", nameof(DetectionScene.Pixels), seed: 7));
            var both = ours.Append(ml.MulticlassClassification.Trainers.ObjectDetection(new ObjectDetectionTrainer.Options
            {
                LabelColumnName = nameof(DetectionScene.Labels),
                BoundingBoxColumnName = nameof(DetectionScene.Box),
                ImageColumnName = nameof(DetectionScene.Image),
                MaxEpoch = 1,
            }));

            // Schema propagation runs through our estimator and theirs.
            var outputs = both.GetOutputSchema(Synaptic.ML.Persistence.MlNetModelIO.CreateSchemaShape(data.Schema)).Select(c => c.Name).ToHashSet();
            foreach (var column in new[] { "Embedding", "PredictedLabel", "PredictedBoundingBoxes", "Score" })
                Assert.Contains(column, outputs);

            // Fit builds the AutoFormerV2, loads the (empty) weights file found in the cache, and fails when its
            // first block runs.
            var failure = Assert.ThrowsExactly<MissingMethodException>(() => both.Fit(data));
            Assert.AreEqual(MissingInterpolate, failure.Message);
            StringAssert.StartsWith(failure.StackTrace!.TrimStart(), "at Microsoft.ML.TorchSharp.AutoFormerV2.AutoFormerV2Block.forward(");
            StringAssert.Contains(failure.StackTrace, "ObjectDetectionTrainer.Trainer.TrainStep(");
            Assert.IsFalse(messages.Any(m => m.StartsWith("Downloading", StringComparison.Ordinal)), "Nothing was downloaded: " + string.Join(" | ", messages));

            // Our part of the same pipeline, on the same MLContext, fits and survives ML.NET's save and load.
            using var model = ours.Fit(data);
            var embeddings = model.Transform(data).GetColumn<float[]>("Embedding").ToArray();
            Assert.IsTrue(embeddings.All(e => e.Length > 0 && e.All(float.IsFinite)));
            CollectionAssert.AreNotEqual(embeddings[0], embeddings[1], "Different scenes, different embeddings.");
            var path = Path.Combine(Dir, "pipeline.zip");
            ml.Model.Save(model, data.Schema, path);
            var loaded = ml.Model.Load(path, out _);
            try
            {
                var reloaded = loaded.Transform(data).GetColumn<float[]>("Embedding").ToArray();
                for (var i = 0; i < rows.Length; i++)
                    CollectionAssert.AreEqual(embeddings[i], reloaded[i], $"Reloaded embedding of image {i}.");
            }
            finally
            {
                (loaded as IDisposable)?.Dispose();
            }
        }
        finally
        {
            foreach (var row in rows)
                row.Image.Dispose();
        }
    }

    /// <summary>
    /// Compiles every method with a body of <paramref name="assembly"/>'s non-generic types and their closed generic
    /// bases: the JIT resolves each member a method calls, as its first call would, and throws when one is missing.
    /// </summary>
    /// <returns>How many compiled, and the message of each that did not, by "Type.Method".</returns>
    private static (int Compiled, SortedDictionary<string, string> Failures) CompileAll(Assembly assembly)
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var failures = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var compiled = 0;
        foreach (var type in ClosedTypes(assembly))
        {
            var instantiation = type.IsGenericType ? type.GetGenericArguments().Select(t => t.TypeHandle).ToArray() : null;
            foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
            {
                if (method.IsAbstract || method.IsGenericMethodDefinition || method.GetMethodBody() is null)
                    continue;
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
                    compiled++;
                }
                catch (MissingMemberException e)
                {
                    failures[$"{type.Name}.{method.Name}"] = e.Message;
                }
            }
        }
        return (compiled, failures);
    }

    /// <summary>The assembly's non-generic types and the closed generic base types they derive from in it.</summary>
    private static IEnumerable<Type> ClosedTypes(Assembly assembly)
    {
        var types = new HashSet<Type>();
        foreach (var type in assembly.GetTypes().Where(t => !t.ContainsGenericParameters))
        {
            for (var t = type; t is not null && t.Assembly == assembly; t = t.BaseType)
                types.Add(t);
        }
        return types;
    }

    /// <summary>A TorchSharp state dictionary with no tensors, written with TorchSharp's own writer.</summary>
    private static void WriteEmptyStateDictionary(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        torch.nn.Module.save_state_dict(writer, new Dictionary<string, torch.Tensor>());
    }

    /// <summary>A dark image with one bright rectangle [x0, x1) × [y0, y1), labelled <paramref name="label"/>.</summary>
    private static DetectionScene Scene(string label, int x0, int y0, int x1, int y1)
    {
        var bgra = new byte[ImageSide * ImageSide * 4];
        var pixels = new float[ImageSide * ImageSide];
        for (var y = 0; y < ImageSide; y++)
        {
            for (var x = 0; x < ImageSide; x++)
            {
                var inside = x >= x0 && x < x1 && y >= y0 && y < y1;
                var offset = 4 * (y * ImageSide + x);
                bgra[offset] = bgra[offset + 1] = bgra[offset + 2] = inside ? (byte)230 : (byte)20;
                bgra[offset + 3] = 255;
                pixels[y * ImageSide + x] = bgra[offset] / 255f;
            }
        }
        return new DetectionScene
        {
            Image = MLImage.CreateFromPixels(ImageSide, ImageSide, MLPixelFormat.Bgra32, bgra),
            Pixels = pixels,
            Labels = [label],
            Box = [x0, y0, x1, y1],
        };
    }

    private sealed class DetectionScene
    {
        [ImageType(ImageSide, ImageSide)]
        public MLImage Image { get; set; } = null!;

        // The grey levels in [0, 1] for our featurizer, given directly: ExtractPixels would read MLImage.Pixels.
        [VectorType(ImageSide, ImageSide)]
        public float[] Pixels { get; set; } = [];

        public string[] Labels { get; set; } = [];

        public float[] Box { get; set; } = [];
    }
}
