using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

/// <summary>
/// The generated glyph set, from the Noto fonts of the Debian package fonts-noto-core (which the test project's
/// build and CI install; these tests fail, never skip, without them). Most tests use a small set: 5 alphabets,
/// at most 8 letters each, 10 renderings of 16×16.
/// </summary>
[TestClass]
public sealed class GlyphSetTests : TempDirectoryTest
{
    private static readonly GlyphSetOptions Small = new()
    {
        Alphabets = GlyphAlphabet.Named("Latin", "Greek", "Armenian", "Runic", "Hebrew"),
        ImageSize = 16,
        SamplesPerClass = 10,
        MaxClassesPerAlphabet = 8,
        CacheDirectory = null,
    };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void SmallSet_HasEveryAlphabetAndRenderingInClassOrder()
    {
        var set = GlyphSet.Generate(Small);

        Assert.AreEqual(16, set.Height);
        Assert.AreEqual(16, set.Width);
        CollectionAssert.AreEqual(new[] { "Latin", "Greek", "Armenian", "Runic", "Hebrew" }, set.Alphabets.ToArray());
        Assert.AreEqual(40, set.ClassCount, "Each of these alphabets has more than 8 letters.");
        Assert.AreEqual(400, set.Count);
        CollectionAssert.AreEqual(Enumerable.Range(0, 40).SelectMany(c => Enumerable.Repeat(c, 10)).ToArray(), set.Labels.ToArray());
        Assert.AreEqual("Latin/U+0041", set.ClassNames[0]);
        Assert.AreEqual(set.ClassNames.Count, set.ClassNames.Distinct().Count());
        StringAssert.StartsWith(set.ClassNames[8], "Greek/U+03");
        Assert.AreEqual("Greek", set.ClassAlphabets![8]);

        float[] pixels = set.Pixels.ToArray();
        Assert.IsTrue(pixels.All(p => p is >= 0 and <= 1));
        Assert.AreEqual(1f, pixels.Max());
        for (int i = 0; i < set.Count; i++)
        {
            // White ink on black: some ink, mostly background.
            float ink = TensorPrimitives.Sum(set.Image(i));
            Assert.IsTrue(ink > 5 && ink < 0.6 * 256, $"image {i} ({set.ClassNames[set.Labels[i]]}) has ink {ink}");
        }
    }

    [TestMethod]
    public void Generation_IsDeterministic_AndTheSeedChangesOnlyTheJitter()
    {
        var first = GlyphSet.Generate(Small);
        var second = GlyphSet.Generate(Small);
        var reseeded = GlyphSet.Generate(Small with { Seed = 1 });

        Assert.IsTrue(first.Pixels.Span.SequenceEqual(second.Pixels.Span), "Two generations with the same options are identical.");
        CollectionAssert.AreEqual(first.ClassNames.ToArray(), second.ClassNames.ToArray());
        CollectionAssert.AreEqual(first.ClassNames.ToArray(), reseeded.ClassNames.ToArray());
        Assert.IsFalse(first.Pixels.Span.SequenceEqual(reseeded.Pixels.Span));
    }

    [TestMethod]
    public void Characters_DoNotDependOnImageSizeOrJitter_NorTheirImagesOnOtherAlphabets()
    {
        var small = GlyphSet.Generate(Small);
        var larger = GlyphSet.Generate(Small with { ImageSize = 20, MaxRotationDegrees = 5 });
        CollectionAssert.AreEqual(small.ClassNames.ToArray(), larger.ClassNames.ToArray());

        var runicOnly = GlyphSet.Generate(Small with { Alphabets = GlyphAlphabet.Named("Runic") });
        int shared = 0;
        for (int c = 0; c < runicOnly.ClassCount; c++)
        {
            int other = small.ClassNames.ToList().IndexOf(runicOnly.ClassNames[c]);
            if (other < 0)
            {
                continue;
            }

            shared++;
            for (int r = 0; r < 10; r++)
            {
                Assert.IsTrue(
                    runicOnly.Image(runicOnly.ExamplesOf(c)[r]).SequenceEqual(small.Image(small.ExamplesOf(other)[r])),
                    $"{runicOnly.ClassNames[c]}, rendering {r}");
            }
        }

        Assert.IsGreaterThan(4, shared);
    }

    [TestMethod]
    public void Renderings_OfACharacterDiffer_ButResembleEachOtherMoreThanOtherCharacters()
    {
        var set = GlyphSet.Generate(Small);
        int classes = set.ClassCount;
        var within = new double[classes];
        var between = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            var mine = set.ExamplesOf(c);
            for (int i = 0; i < mine.Count; i++)
            {
                for (int j = i + 1; j < mine.Count; j++)
                {
                    Assert.IsFalse(set.Image(mine[i]).SequenceEqual(set.Image(mine[j])), $"{set.ClassNames[c]}: renderings {i} and {j} are identical");
                    within[c] += TensorPrimitives.CosineSimilarity(set.Image(mine[i]), set.Image(mine[j]));
                }
            }

            within[c] /= mine.Count * (mine.Count - 1) / 2;
            int pairs = 0;
            for (int other = 0; other < classes; other++)
            {
                if (other != c)
                {
                    // Rendering r of this class against rendering r of every other class.
                    for (int r = 0; r < mine.Count; r++)
                    {
                        between[c] += TensorPrimitives.CosineSimilarity(set.Image(mine[r]), set.Image(set.ExamplesOf(other)[r]));
                        pairs++;
                    }
                }
            }

            between[c] /= pairs;
        }

        TestContext.WriteLine($"mean cosine similarity within a class {within.Average():F3}, between classes {between.Average():F3}");
        Assert.IsGreaterThan(between.Average() + 0.1, within.Average());
        int closer = Enumerable.Range(0, classes).Count(c => within[c] > between[c]);
        Assert.AreEqual(classes, closer, "Every character's renderings resemble each other more than other characters on average.");
    }

    [TestMethod]
    public void Cache_IsWrittenOnce_AndReloadsTheIdenticalSet()
    {
        var options = Small with { CacheDirectory = Dir };
        string? path = GlyphSet.CachePath(options);
        Assert.IsNotNull(path);
        StringAssert.StartsWith(path, Dir);
        Assert.IsFalse(File.Exists(path));

        var reports = new List<GlyphSetProgress>();
        var generated = GlyphSet.Generate(options, new SynchronousProgress(reports.Add));
        Assert.IsTrue(File.Exists(path));
        Assert.HasCount(5, reports);
        Assert.AreEqual(new GlyphSetProgress("Hebrew", 5, 5, 40), reports[^1]);

        reports.Clear();
        var reloaded = GlyphSet.Generate(options, new SynchronousProgress(reports.Add));
        Assert.IsEmpty(reports, "The second call reads the cache instead of rendering.");
        Assert.IsTrue(generated.Pixels.Span.SequenceEqual(reloaded.Pixels.Span));
        CollectionAssert.AreEqual(generated.Labels.ToArray(), reloaded.Labels.ToArray());
        CollectionAssert.AreEqual(generated.ClassNames.ToArray(), reloaded.ClassNames.ToArray());
        CollectionAssert.AreEqual(generated.ClassAlphabets!.ToArray(), reloaded.ClassAlphabets!.ToArray());

        // Other options, another file.
        Assert.AreNotEqual(path, GlyphSet.CachePath(options with { Seed = 2 }));
        Assert.AreNotEqual(path, GlyphSet.CachePath(options with { MaxShear = 0.1f }));
        Assert.AreEqual(path, GlyphSet.CachePath(options with { }));
        Assert.IsNull(GlyphSet.CachePath(Small));
    }

    [TestMethod]
    public void CorruptCache_ThrowsNamingTheFileAndSayingToDeleteIt()
    {
        var options = Small with { CacheDirectory = Dir, Alphabets = GlyphAlphabet.Named("Runic") };
        GlyphSet.Generate(options);
        string path = GlyphSet.CachePath(options)!;
        byte[] bytes = File.ReadAllBytes(path);

        foreach (byte[] corrupt in new[] { Flip(bytes, bytes.Length / 2), bytes[..(bytes.Length / 2)], Flip(bytes, 3) })
        {
            File.WriteAllBytes(path, corrupt);
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => GlyphSet.Generate(options));
            Assert.Contains(path, ex.Message);
            Assert.Contains("Delete it", ex.Message);
        }

        File.Delete(path);
        Assert.AreEqual(80, GlyphSet.Generate(options).Count);
    }

    [TestMethod]
    public void UnwritableCacheDirectory_ThrowsSayingHowToChangeIt()
    {
        string notAFolder = Path.Combine(Dir, "file");
        File.WriteAllText(notAFolder, "");
        var options = Small with { CacheDirectory = notAFolder, Alphabets = GlyphAlphabet.Named("Runic") };

        var ex = Assert.ThrowsExactly<IOException>(() => GlyphSet.Generate(options));

        Assert.Contains(notAFolder, ex.Message);
        Assert.Contains("CacheDirectory", ex.Message);
    }

    [TestMethod]
    public void MissingFont_NamesThePathAndThePackage()
    {
        var noto = Small with { Alphabets = [new GlyphAlphabet("Nothing", "NotoSansNoSuchScript-Regular.ttf", 0x41, 0x5A)] };
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => GlyphSet.Generate(noto));
        Assert.Contains("/usr/share/fonts/truetype/noto/NotoSansNoSuchScript-Regular.ttf", ex.Message);
        Assert.Contains("'Nothing'", ex.Message);
        Assert.Contains("apt-get install fonts-noto-core", ex.Message);

        var elsewhere = Small with { FontDirectory = Dir };
        var other = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext(seed: 1).Synaptic().Data.GlyphSet(elsewhere));
        Assert.AreEqual(Path.Combine(Dir, "NotoSans-Regular.ttf"), other.FileName);
        Assert.Contains("FontDirectory", other.Message);
    }

    [TestMethod]
    public void AlphabetWithoutLetters_ThrowsNamingIt()
    {
        var digits = Small with { Alphabets = [new GlyphAlphabet("Digits", "NotoSans-Regular.ttf", 0x30, 0x39)] };

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => GlyphSet.Generate(digits));

        Assert.Contains("'Digits'", ex.Message);
        Assert.Contains("U+0030", ex.Message);
    }

    [TestMethod]
    public void InvalidOptions_NameTheOption()
    {
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GlyphSet.Generate(Small with { ImageSize = 4 }));
        Assert.Contains("ImageSize", size.Message);
        var stroke = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GlyphSet.Generate(Small with { MinStrokeWidth = 0.1f, MaxStrokeWidth = 0.05f }));
        Assert.Contains("MaxStrokeWidth", stroke.Message);
        var twice = Assert.ThrowsExactly<ArgumentException>(() => GlyphSet.Generate(Small with { Alphabets = GlyphAlphabet.Named("Latin", "latin") }));
        Assert.Contains("'Latin' twice", twice.Message);
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => GlyphAlphabet.Named("Klingon"));
        Assert.Contains("'Klingon'", unknown.Message);
        Assert.Contains("Armenian", unknown.Message);
    }

    [TestMethod]
    public void AlphabetSplit_IsAlphabetDisjoint_AndFeedsTheSampler()
    {
        var set = GlyphSet.Generate(Small);
        var split = ClassSplit.ByAlphabet(set, validationAlphabets: 1, testAlphabets: 2, seed: 3);

        var alphabetsOf = Enum.GetValues<SplitPart>().ToDictionary(p => p, p => split[p].Select(c => set.ClassAlphabets![c]).ToHashSet());
        Assert.HasCount(2, alphabetsOf[SplitPart.MetaTrain]);
        Assert.HasCount(1, alphabetsOf[SplitPart.Validation]);
        Assert.HasCount(2, alphabetsOf[SplitPart.Test]);
        Assert.IsFalse(alphabetsOf[SplitPart.MetaTrain].Overlaps(alphabetsOf[SplitPart.Test]));
        Assert.IsFalse(alphabetsOf[SplitPart.MetaTrain].Overlaps(alphabetsOf[SplitPart.Validation]));
        Assert.IsFalse(alphabetsOf[SplitPart.Validation].Overlaps(alphabetsOf[SplitPart.Test]));
        Assert.AreEqual(set.ClassCount, split.MetaTrain.Count + split.Validation.Count + split.Test.Count);

        var episode = new FewShotEpisodeSampler(set, split, SplitPart.Test, seed: 1).Sample(ways: 5, shots: 1, queries: 9);
        Assert.AreEqual(5, episode.Support.Count);
        Assert.AreEqual(45, episode.Query.Count);
        Assert.IsTrue(episode.ClassIds.All(c => alphabetsOf[SplitPart.Test].Contains(set.ClassAlphabets![c])));
    }

    [TestMethod]
    public void Catalog_LogsWhetherTheSetWasGeneratedOrReadFromTheCache()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("Glyph set:"))
            {
                messages.Add(e.Message);
            }
        };
        var options = Small with { CacheDirectory = Dir, Alphabets = GlyphAlphabet.Named("Greek") };

        ml.Synaptic().Data.GlyphSet(options);
        ml.Synaptic().Data.GlyphSet(options);

        Assert.HasCount(2, messages);
        Assert.Contains("1 alphabets, 8 classes, 80 images of 16x16, generated and cached in " + GlyphSet.CachePath(options), messages[0]);
        Assert.Contains("read from the cache", messages[1]);
    }

    /// <summary>
    /// The default set, generated without the cache: the claims of at least 500 classes in at least 20
    /// alphabets with at least 20 renderings each. It takes a few seconds on one core.
    /// </summary>
    [TestMethod]
    public void DefaultSet_HasAtLeast500ClassesIn20AlphabetsWith20RenderingsEach()
    {
        var clock = Stopwatch.StartNew();
        var set = GlyphSet.Generate(new GlyphSetOptions { CacheDirectory = null });
        TestContext.WriteLine($"Default glyph set: {set.Alphabets.Count} alphabets, {set.ClassCount} classes, {set.Count} images in {clock.Elapsed.TotalSeconds:F1} s.");

        Assert.AreEqual(28, set.Height);
        Assert.AreEqual(28, set.Width);
        Assert.AreEqual(GlyphAlphabet.BuiltIn.Count, set.Alphabets.Count);
        Assert.IsGreaterThanOrEqualTo(20, set.Alphabets.Count);
        Assert.IsGreaterThanOrEqualTo(500, set.ClassCount);
        Assert.AreEqual(set.ClassCount * 20, set.Count);
        Assert.IsTrue(Enumerable.Range(0, set.ClassCount).All(c => set.ExamplesOf(c).Count == 20));
        Assert.IsTrue(set.Alphabets.All(a => set.ClassAlphabets!.Count(x => x == a) is > 10 and <= 20), "Every alphabet gives more than 10 letters.");
        Assert.AreEqual(set.ClassCount, set.ClassNames.Distinct().Count());
        Assert.AreEqual(Path.Combine(Path.GetTempPath(), "synaptic-glyphs"), new GlyphSetOptions().CacheDirectory);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<GlyphSetProgress> report) : IProgress<GlyphSetProgress>
    {
        public void Report(GlyphSetProgress value) => report(value);
    }
}
