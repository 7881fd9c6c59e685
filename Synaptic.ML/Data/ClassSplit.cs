using System.Globalization;
using Synaptic.ML.Randomness;

namespace Synaptic.ML.Data;

/// <summary>
/// Three disjoint sets of class ids — meta-train, validation and test — so that a few-shot learner is
/// evaluated on classes it never saw (Vinyals et al., 2016; Snell et al., 2017).
/// </summary>
/// <remarks>
/// <see cref="ByAlphabet"/> splits whole alphabets, as Omniglot's background / evaluation sets do (Lake et al.,
/// 2015), so that no script is seen in two parts; <see cref="RandomClasses"/> splits the classes of a set
/// without alphabets, such as Fashion-MNIST or the digits; the constructor takes explicit lists, for example
/// Fashion-MNIST with chosen held-out classes.
/// </remarks>
/// <example>
/// <code>
/// LabeledImages glyphs = ml.Synaptic().Data.GlyphSet(new GlyphSetOptions());
/// ClassSplit split = ClassSplit.ByAlphabet(glyphs, validationAlphabets: 10, testAlphabets: 15, seed: 1);
/// var fashion = new ClassSplit(metaTrain: [0, 1, 2, 3, 4, 5], validation: [6, 7], test: [8, 9]);
/// </code>
/// </example>
public sealed class ClassSplit
{
    private const ulong ShuffleStream = 0x5B117;

    private readonly IReadOnlyList<int>[] _parts;
    private readonly IReadOnlyList<string>[] _alphabets;

    /// <summary>Creates a split from explicit class lists.</summary>
    /// <param name="metaTrain">The meta-train classes.</param>
    /// <param name="validation">The validation classes.</param>
    /// <param name="test">The test classes.</param>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException">A class id is negative, repeated, or in two parts; the message names it.</exception>
    public ClassSplit(IEnumerable<int> metaTrain, IEnumerable<int> validation, IEnumerable<int> test)
        : this([Check(metaTrain, nameof(metaTrain)), Check(validation, nameof(validation)), Check(test, nameof(test))], [[], [], []])
    {
    }

    private ClassSplit(int[][] parts, string[][] alphabets)
    {
        var owner = new Dictionary<int, SplitPart>();
        for (int p = 0; p < parts.Length; p++)
        {
            foreach (int id in parts[p])
            {
                if (owner.TryGetValue(id, out SplitPart other))
                {
                    throw new ArgumentException(other == (SplitPart)p
                        ? $"Class {id} appears twice in the {Describe(other)} classes."
                        : $"Class {id} is in both the {Describe(other)} and the {Describe((SplitPart)p)} classes; the parts of a split must be disjoint.");
                }

                owner.Add(id, (SplitPart)p);
            }
        }

        _parts = parts.Select(p => (IReadOnlyList<int>)Array.AsReadOnly(p.Order().ToArray())).ToArray();
        _alphabets = alphabets.Select(a => (IReadOnlyList<string>)Array.AsReadOnly(a)).ToArray();
    }

    /// <summary>The meta-train classes, in increasing order.</summary>
    public IReadOnlyList<int> MetaTrain => _parts[(int)SplitPart.MetaTrain];

    /// <summary>The validation classes, in increasing order.</summary>
    public IReadOnlyList<int> Validation => _parts[(int)SplitPart.Validation];

    /// <summary>The test classes, in increasing order.</summary>
    public IReadOnlyList<int> Test => _parts[(int)SplitPart.Test];

    /// <summary>The classes of one part, in increasing order.</summary>
    /// <param name="part">The part.</param>
    /// <returns>Its class ids.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="part"/> is not a <see cref="SplitPart"/>.</exception>
    public IReadOnlyList<int> this[SplitPart part] => _parts[Index(part)];

    /// <summary>The alphabets of one part, in the order they were drawn; empty when the split is not by alphabet.</summary>
    /// <param name="part">The part.</param>
    /// <returns>The alphabet names.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="part"/> is not a <see cref="SplitPart"/>.</exception>
    public IReadOnlyList<string> Alphabets(SplitPart part) => _alphabets[Index(part)];

    /// <summary>
    /// Splits whole alphabets: <paramref name="validationAlphabets"/> and <paramref name="testAlphabets"/>
    /// alphabets drawn at random (seeded) go to validation and test, the others to meta-train, each with all its classes.
    /// </summary>
    /// <param name="images">An image set with <see cref="LabeledImages.ClassAlphabets"/>.</param>
    /// <param name="validationAlphabets">How many alphabets go to validation, zero or more.</param>
    /// <param name="testAlphabets">How many alphabets go to test, zero or more.</param>
    /// <param name="seed">Seed of the draw; the same seed gives the same split of the same alphabets.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">The set has no alphabets, or fewer than the counts ask for plus one for meta-train.</exception>
    public static ClassSplit ByAlphabet(LabeledImages images, int validationAlphabets, int testAlphabets, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(validationAlphabets);
        ArgumentOutOfRangeException.ThrowIfNegative(testAlphabets);
        var alphabets = AlphabetsOf(images);
        if (validationAlphabets + testAlphabets >= alphabets.Count)
        {
            throw new ArgumentException(
                $"The set has {alphabets.Count} alphabets; {validationAlphabets} for validation and {testAlphabets} for test leave none for meta-train.");
        }

        string[] order = Shuffled(alphabets, seed);
        string[][] names =
        [
            order[(validationAlphabets + testAlphabets)..],
            order[..validationAlphabets],
            order[validationAlphabets..(validationAlphabets + testAlphabets)],
        ];
        var partOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < names.Length; p++)
        {
            foreach (string name in names[p])
            {
                partOf[name] = p;
            }
        }

        var parts = new List<int>[] { [], [], [] };
        for (int c = 0; c < images.ClassCount; c++)
        {
            parts[partOf[images.ClassAlphabets![c]]].Add(c);
        }

        return new ClassSplit(parts.Select(p => p.ToArray()).ToArray(), names);
    }

    /// <summary>
    /// Like <see cref="ByAlphabet"/>, with the numbers of validation and test alphabets given as fractions of
    /// all alphabets: each rounds to the nearest whole number, and to at least 1 when its fraction is positive.
    /// </summary>
    /// <param name="images">An image set with <see cref="LabeledImages.ClassAlphabets"/>.</param>
    /// <param name="validationFraction">Fraction of alphabets for validation, in [0, 1).</param>
    /// <param name="testFraction">Fraction of alphabets for test, in [0, 1).</param>
    /// <param name="seed">Seed of the draw.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1).</exception>
    /// <exception cref="ArgumentException">The set has no alphabets, or too few to leave one for meta-train.</exception>
    public static ClassSplit ByAlphabetFraction(LabeledImages images, double validationFraction, double testFraction, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        int count = AlphabetsOf(images).Count;
        return ByAlphabet(images, CountOf(validationFraction, count, nameof(validationFraction)), CountOf(testFraction, count, nameof(testFraction)), seed);
    }

    /// <summary>
    /// Splits class ids 0 to <paramref name="classCount"/> − 1 at random (seeded): <paramref name="validationClasses"/>
    /// and <paramref name="testClasses"/> classes go to validation and test, the others to meta-train.
    /// </summary>
    /// <param name="classCount">The number of classes, as <see cref="LabeledImages.ClassCount"/>.</param>
    /// <param name="validationClasses">How many classes go to validation, zero or more.</param>
    /// <param name="testClasses">How many classes go to test, zero or more.</param>
    /// <param name="seed">Seed of the draw.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">The counts leave no class for meta-train.</exception>
    public static ClassSplit RandomClasses(int classCount, int validationClasses, int testClasses, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        ArgumentOutOfRangeException.ThrowIfNegative(validationClasses);
        ArgumentOutOfRangeException.ThrowIfNegative(testClasses);
        if (validationClasses + testClasses >= classCount)
        {
            throw new ArgumentException(
                $"There are {classCount} classes; {validationClasses} for validation and {testClasses} for test leave none for meta-train.");
        }

        int[] order = Shuffled(Enumerable.Range(0, classCount).ToArray(), seed);
        return new ClassSplit(
            [order[(validationClasses + testClasses)..], order[..validationClasses], order[validationClasses..(validationClasses + testClasses)]],
            [[], [], []]);
    }

    /// <summary>
    /// Like <see cref="RandomClasses"/>, with the numbers of validation and test classes given as fractions of
    /// <paramref name="classCount"/>, rounded as in <see cref="ByAlphabetFraction"/>.
    /// </summary>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="validationFraction">Fraction of classes for validation, in [0, 1).</param>
    /// <param name="testFraction">Fraction of classes for test, in [0, 1).</param>
    /// <param name="seed">Seed of the draw.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is outside [0, 1).</exception>
    /// <exception cref="ArgumentException">The fractions leave no class for meta-train.</exception>
    public static ClassSplit RandomClassFraction(int classCount, double validationFraction, double testFraction, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        return RandomClasses(
            classCount, CountOf(validationFraction, classCount, nameof(validationFraction)), CountOf(testFraction, classCount, nameof(testFraction)), seed);
    }

    /// <summary>Sizes of the three parts, for logs.</summary>
    /// <returns>For example "meta-train 30 classes (10 alphabets), validation 8 classes (2 alphabets), test 9 classes (3 alphabets)".</returns>
    public override string ToString() =>
        string.Join(", ", Enum.GetValues<SplitPart>().Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{Describe(p)} {this[p].Count} classes")
            + (Alphabets(p).Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({Alphabets(p).Count} alphabets)") : "")));

    internal static string Describe(SplitPart part) => part switch
    {
        SplitPart.MetaTrain => "meta-train",
        SplitPart.Validation => "validation",
        SplitPart.Test => "test",
        _ => part.ToString(),
    };

    private static int Index(SplitPart part) =>
        (uint)part < 3 ? (int)part : throw new ArgumentOutOfRangeException(nameof(part), part, "Not a split part.");

    private static int[] Check(IEnumerable<int> classes, string name)
    {
        ArgumentNullException.ThrowIfNull(classes, name);
        int[] ids = classes.ToArray();
        int bad = Array.FindIndex(ids, id => id < 0);
        if (bad >= 0)
        {
            throw new ArgumentException($"Class id {ids[bad]} in {name} is negative.", name);
        }

        return ids;
    }

    private static IReadOnlyList<string> AlphabetsOf(LabeledImages images)
    {
        if (images.ClassAlphabets is null)
        {
            throw new ArgumentException(
                "The image set has no alphabets, so it cannot be split by alphabet; use ClassSplit.RandomClasses or explicit class lists.", nameof(images));
        }

        return images.Alphabets;
    }

    private static int CountOf(double fraction, int total, string name)
    {
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(name, fraction, "A fraction must be in [0, 1).");
        }

        int count = (int)Math.Round(fraction * total, MidpointRounding.AwayFromZero);
        return fraction > 0 ? Math.Max(1, count) : 0;
    }

    /// <summary>A seeded Fisher–Yates shuffle of a copy.</summary>
    private static T[] Shuffled<T>(IReadOnlyList<T> items, ulong seed)
    {
        T[] order = items.ToArray();
        var random = SplitMix64.ForStream(seed, ShuffleStream);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
