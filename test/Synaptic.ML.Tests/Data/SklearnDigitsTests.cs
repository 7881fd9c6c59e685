using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

[TestClass]
public sealed class SklearnDigitsTests : TempDirectoryTest
{
    /// <summary>
    /// Reads the real file of the Debian package python3-sklearn, which the test project's build and CI install:
    /// this test fails, never skips, when it is missing.
    /// </summary>
    [TestMethod]
    public void Load_RealFile_Has1797EightByEightDigitsInTenClasses()
    {
        Assert.IsTrue(File.Exists(SklearnDigits.DefaultPath), $"{SklearnDigits.DefaultPath} is missing: apt-get install python3-sklearn");

        var digits = new MLContext(seed: 1).Synaptic().Data.LoadDigits();

        Assert.AreEqual(1797, digits.Count);
        Assert.AreEqual(8, digits.Height);
        Assert.AreEqual(8, digits.Width);
        Assert.AreEqual(10, digits.ClassCount);
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray(), digits.ClassNames.ToArray());
        // sklearn's class sizes (load_digits().target bincount).
        CollectionAssert.AreEqual(
            new[] { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 },
            Enumerable.Range(0, 10).Select(c => digits.ExamplesOf(c).Count).ToArray());

        // Pixels are the file's counts 0..16 divided by 16: all in [0, 1], on the 1/16 grid, both ends reached.
        float[] pixels = digits.Pixels.ToArray();
        Assert.IsTrue(pixels.All(p => p is >= 0f and <= 1f && p * 16 == MathF.Round(p * 16)));
        Assert.AreEqual(0f, pixels.Min());
        Assert.AreEqual(1f, pixels.Max());

        // The first digit is a 0 whose first row is 0 0 5 13 9 1 0 0.
        Assert.AreEqual(0, digits.Labels[0]);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f }, digits.Image(0)[..8].ToArray().Select(p => p * 16).ToArray());
        Assert.AreEqual(1, digits.Labels[1]);
    }

    [TestMethod]
    public void Load_MissingFile_NamesThePathAndThePackage()
    {
        string path = Path.Combine(Dir, "digits.csv.gz");

        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext(seed: 1).Synaptic().Data.LoadDigits(path));

        Assert.Contains(path, ex.Message);
        Assert.AreEqual(path, ex.FileName);
        Assert.Contains("apt-get install python3-sklearn", ex.Message);
    }

    [TestMethod]
    public void Load_UncompressedFile_ReadsTheSameWay()
    {
        string path = Path.Combine(Dir, "digits.csv");
        File.WriteAllLines(path, [string.Join(",", Enumerable.Repeat("16", 64)) + ",7", string.Join(",", Enumerable.Repeat("0.0", 64)) + ",3.0"]);

        var digits = SklearnDigits.Load(path);

        Assert.AreEqual(2, digits.Count);
        CollectionAssert.AreEqual(new[] { 7, 3 }, digits.Labels.ToArray());
        Assert.IsTrue(digits.Image(0).ToArray().All(p => p == 1f));
        Assert.IsTrue(digits.Image(1).ToArray().All(p => p == 0f));
    }

    [TestMethod]
    [DataRow("1,2,3", "3 values")]
    [DataRow("PIXELS,7,7", "66 values")]
    public void Load_LineOfWrongLength_ThrowsNamingFileAndLine(string secondLine, string expected)
    {
        string path = Path.Combine(Dir, "digits.csv");
        File.WriteAllLines(path, [string.Join(",", Enumerable.Repeat("1", 64)) + ",0", secondLine.Replace("PIXELS", string.Join(",", Enumerable.Repeat("1", 64)))]);

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => SklearnDigits.Load(path));

        Assert.Contains(path, ex.Message);
        Assert.Contains("Line 2", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [TestMethod]
    [DataRow("17", "0", "pixel 5")]
    [DataRow("2.5", "0", "pixel 5")]
    [DataRow("3", "10", "the label")]
    [DataRow("x", "0", "pixel 5")]
    public void Load_ValueOutOfRange_ThrowsNamingLineAndField(string pixel, string label, string field)
    {
        string path = Path.Combine(Dir, "digits.csv");
        var values = Enumerable.Repeat("0", 64).ToArray();
        values[5] = pixel;
        File.WriteAllText(path, string.Join(",", values) + "," + label + "\n");

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => SklearnDigits.Load(path));

        Assert.Contains("Line 1", ex.Message);
        Assert.Contains(field, ex.Message);
    }
}
