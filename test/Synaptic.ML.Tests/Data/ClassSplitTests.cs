using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

[TestClass]
public sealed class ClassSplitTests
{
    [TestMethod]
    public void Constructor_SortsTheParts()
    {
        var split = new ClassSplit([5, 0, 3], [9, 8], []);

        CollectionAssert.AreEqual(new[] { 0, 3, 5 }, split.MetaTrain.ToArray());
        CollectionAssert.AreEqual(new[] { 8, 9 }, split[SplitPart.Validation].ToArray());
        Assert.IsEmpty(split.Test);
        Assert.IsEmpty(split.Alphabets(SplitPart.MetaTrain));
        Assert.AreEqual("meta-train 3 classes, validation 2 classes, test 0 classes", split.ToString());
    }

    [TestMethod]
    public void Constructor_OverlapOrRepeat_ThrowsNamingClassAndParts()
    {
        var overlap = Assert.ThrowsExactly<ArgumentException>(() => new ClassSplit([1, 2], [3], [2]));
        Assert.Contains("Class 2", overlap.Message);
        Assert.Contains("meta-train", overlap.Message);
        Assert.Contains("test", overlap.Message);

        var twice = Assert.ThrowsExactly<ArgumentException>(() => new ClassSplit([1], [4, 4], []));
        Assert.Contains("Class 4 appears twice in the validation", twice.Message);

        var negative = Assert.ThrowsExactly<ArgumentException>(() => new ClassSplit([-1], [], []));
        Assert.Contains("-1", negative.Message);
    }

    [TestMethod]
    public void ByAlphabet_KeepsEveryAlphabetWholeInOnePart()
    {
        // 40 classes in 10 alphabets of 4 (A0 … A9).
        var images = SyntheticImages.Create(Enumerable.Repeat(1, 40).ToArray(), alphabetSize: 4);

        var split = ClassSplit.ByAlphabet(images, validationAlphabets: 2, testAlphabets: 3, seed: 7);

        Assert.HasCount(5, split.Alphabets(SplitPart.MetaTrain));
        Assert.HasCount(2, split.Alphabets(SplitPart.Validation));
        Assert.HasCount(3, split.Alphabets(SplitPart.Test));
        Assert.HasCount(20, split.MetaTrain);
        Assert.HasCount(8, split.Validation);
        Assert.HasCount(12, split.Test);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 40).ToArray(), split.MetaTrain.Concat(split.Validation).Concat(split.Test).ToArray());
        foreach (SplitPart part in Enum.GetValues<SplitPart>())
        {
            var alphabets = split[part].Select(c => images.ClassAlphabets![c]).Distinct().Order().ToArray();
            CollectionAssert.AreEqual(split.Alphabets(part).Order().ToArray(), alphabets, $"{part}");
        }

        Assert.AreEqual("meta-train 20 classes (5 alphabets), validation 8 classes (2 alphabets), test 12 classes (3 alphabets)", split.ToString());
    }

    [TestMethod]
    public void ByAlphabet_IsSeeded()
    {
        var images = SyntheticImages.Create(Enumerable.Repeat(1, 30).ToArray(), alphabetSize: 3);

        var a = ClassSplit.ByAlphabet(images, 3, 3, seed: 1);
        var b = ClassSplit.ByAlphabet(images, 3, 3, seed: 1);
        var others = Enumerable.Range(2, 5).Select(s => ClassSplit.ByAlphabet(images, 3, 3, seed: (ulong)s)).ToArray();

        CollectionAssert.AreEqual(a.Test.ToArray(), b.Test.ToArray());
        CollectionAssert.AreEqual(a.Validation.ToArray(), b.Validation.ToArray());
        Assert.IsTrue(others.Any(o => !o.Test.SequenceEqual(a.Test)), "Other seeds should give other splits.");
    }

    [TestMethod]
    public void ByAlphabetFraction_RoundsToAtLeastOneAlphabet()
    {
        var images = SyntheticImages.Create(Enumerable.Repeat(1, 7).ToArray(), alphabetSize: 1);

        var split = ClassSplit.ByAlphabetFraction(images, validationFraction: 0.05, testFraction: 0.3, seed: 3);

        Assert.HasCount(1, split.Alphabets(SplitPart.Validation));
        Assert.HasCount(2, split.Alphabets(SplitPart.Test));
        Assert.HasCount(4, split.Alphabets(SplitPart.MetaTrain));
        Assert.HasCount(0, ClassSplit.ByAlphabetFraction(images, 0, 0.5).Validation);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassSplit.ByAlphabetFraction(images, 1.0, 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassSplit.ByAlphabetFraction(images, double.NaN, 0));
    }

    [TestMethod]
    public void ByAlphabet_TooFewAlphabetsOrNone_ThrowsClearly()
    {
        var images = SyntheticImages.Create([1, 1, 1], alphabetSize: 1);
        var tooMany = Assert.ThrowsExactly<ArgumentException>(() => ClassSplit.ByAlphabet(images, 2, 1));
        Assert.Contains("3 alphabets", tooMany.Message);
        Assert.Contains("none for meta-train", tooMany.Message);

        var none = Assert.ThrowsExactly<ArgumentException>(() => ClassSplit.ByAlphabet(SyntheticImages.Create([1, 1]), 0, 1));
        Assert.Contains("no alphabets", none.Message);
        Assert.Contains("RandomClasses", none.Message);
    }

    [TestMethod]
    public void RandomClasses_HoldsOutTheRequestedNumbers_Seeded()
    {
        var split = ClassSplit.RandomClasses(10, validationClasses: 2, testClasses: 3, seed: 4);

        Assert.HasCount(5, split.MetaTrain);
        Assert.HasCount(2, split.Validation);
        Assert.HasCount(3, split.Test);
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).ToArray(), split.MetaTrain.Concat(split.Validation).Concat(split.Test).ToArray());
        CollectionAssert.AreEqual(split.Test.ToArray(), ClassSplit.RandomClasses(10, 2, 3, seed: 4).Test.ToArray());

        var fractions = ClassSplit.RandomClassFraction(10, 0.2, 0.2, seed: 4);
        Assert.HasCount(6, fractions.MetaTrain);

        var ex = Assert.ThrowsExactly<ArgumentException>(() => ClassSplit.RandomClasses(10, 5, 5));
        Assert.Contains("10 classes", ex.Message);
    }

    [TestMethod]
    public void RandomClasses_EveryClassIsHeldOutEquallyOftenOverSeeds()
    {
        // Over 4,000 seeds each of 10 classes is a test class with probability 3/10: 1,200 times, sigma ~29.
        var counts = new int[10];
        for (ulong seed = 0; seed < 4000; seed++)
        {
            foreach (int c in ClassSplit.RandomClasses(10, 2, 3, seed).Test)
            {
                counts[c]++;
            }
        }

        double sigma = Math.Sqrt(4000 * 0.3 * 0.7);
        foreach (int count in counts)
        {
            Assert.IsLessThan(5 * sigma, Math.Abs(count - 1200.0), $"test counts {string.Join(", ", counts)}");
        }
    }
}
