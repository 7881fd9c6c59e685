using Synaptic.ML.Randomness;

namespace Synaptic.ML.Data;

/// <summary>
/// Draws N-way K-shot Q-query episodes (Vinyals et al., 2016) from the classes of one part of a
/// <see cref="ClassSplit"/>: N distinct classes uniformly at random, then K + Q distinct images of each,
/// the first K as support and the other Q as queries.
/// </summary>
/// <remarks>
/// Episode i is drawn from its own random stream, <c>SplitMix64.ForStream(seed, i)</c>, so it is the same
/// whatever was drawn before and on whichever thread: <see cref="Episode"/> is a pure function of the seed,
/// the index and the sizes, and is thread-safe. <see cref="Sample"/> draws episodes 0, 1, 2, … in turn.
/// </remarks>
/// <example>
/// <code>
/// var glyphs = ml.Synaptic().Data.GlyphSet(new GlyphSetOptions());
/// var split = ClassSplit.ByAlphabet(glyphs, validationAlphabets: 10, testAlphabets: 15, seed: 1);
/// var train = new FewShotEpisodeSampler(glyphs, split, SplitPart.MetaTrain, seed: 2);
/// FewShotEpisode episode = train.Sample(ways: 5, shots: 1, queries: 15);
/// // episode.Support: 5 images labelled 0..4; episode.Query: 75 images; episode.ClassIds: the 5 glyph classes.
/// </code>
/// </example>
public sealed class FewShotEpisodeSampler
{
    private readonly int[][] _examplesByClass;
    private readonly int _smallestSlot;
    private long _next;

    /// <summary>Creates a sampler over the given classes of an image set.</summary>
    /// <param name="images">The images.</param>
    /// <param name="classIds">The classes episodes are drawn from (typically one part of a <see cref="ClassSplit"/>).</param>
    /// <param name="seed">The seed of every episode's stream.</param>
    /// <exception cref="ArgumentException">A class id is not a class of <paramref name="images"/>, or is repeated.</exception>
    public FewShotEpisodeSampler(LabeledImages images, IEnumerable<int> classIds, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classIds);
        int[] classes = classIds.ToArray();
        int bad = Array.FindIndex(classes, c => (uint)c >= (uint)images.ClassCount);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Class {classes[bad]} is not a class of the image set, which has {images.ClassCount} classes (ids 0 to {images.ClassCount - 1}).", nameof(classIds));
        }

        if (classes.Distinct().Count() != classes.Length)
        {
            throw new ArgumentException("The class list names a class twice.", nameof(classIds));
        }

        Images = images;
        Classes = Array.AsReadOnly(classes);
        Seed = seed;
        var byClass = images.ExamplesByClass();
        _examplesByClass = classes.Select(c => byClass[c]).ToArray();
        _smallestSlot = classes.Length == 0 ? -1 : Array.IndexOf(_examplesByClass, _examplesByClass.MinBy(e => e.Length));
    }

    /// <summary>Creates a sampler over one part of a class split.</summary>
    /// <param name="images">The images.</param>
    /// <param name="split">The class split.</param>
    /// <param name="part">Which part's classes episodes are drawn from.</param>
    /// <param name="seed">The seed of every episode's stream.</param>
    /// <exception cref="ArgumentException">A class of the part is not a class of <paramref name="images"/>.</exception>
    public FewShotEpisodeSampler(LabeledImages images, ClassSplit split, SplitPart part, ulong seed)
        : this(images, (split ?? throw new ArgumentNullException(nameof(split)))[part], seed)
    {
    }

    /// <summary>The image set episodes are drawn from.</summary>
    public LabeledImages Images { get; }

    /// <summary>The classes episodes are drawn from.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>The seed of every episode's stream.</summary>
    public ulong Seed { get; }

    /// <summary>The index of the episode the next <see cref="Sample"/> call draws.</summary>
    public long NextIndex => Interlocked.Read(ref _next);

    /// <summary>Draws the next episode in the sequence: <see cref="Episode"/> at <see cref="NextIndex"/>, which then moves on.</summary>
    /// <param name="ways">N, the number of classes, from 1 to the number of <see cref="Classes"/>.</param>
    /// <param name="shots">K, support images per class, at least 1.</param>
    /// <param name="queries">Q, query images per class, zero or more.</param>
    /// <returns>The episode.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    /// <exception cref="ArgumentException">There are fewer than N classes, or a class has fewer than K + Q images; the message names it.</exception>
    public FewShotEpisode Sample(int ways, int shots, int queries)
    {
        Validate(ways, shots, queries);
        return Episode(Interlocked.Increment(ref _next) - 1, ways, shots, queries);
    }

    /// <summary>Draws episode <paramref name="index"/> of this sampler's sequence, independently of any other.</summary>
    /// <param name="index">The episode index, zero or more.</param>
    /// <param name="ways">N, the number of classes, from 1 to the number of <see cref="Classes"/>.</param>
    /// <param name="shots">K, support images per class, at least 1.</param>
    /// <param name="queries">Q, query images per class, zero or more.</param>
    /// <returns>The episode.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size or the index is out of range.</exception>
    /// <exception cref="ArgumentException">There are fewer than N classes, or a class has fewer than K + Q images; the message names it.</exception>
    public FewShotEpisode Episode(long index, int ways, int shots, int queries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Validate(ways, shots, queries);
        var random = SplitMix64.ForStream(Seed, (ulong)index);

        // Partial Fisher–Yates: the first `ways` positions of a shuffled copy are the episode's classes.
        int[] pool = Enumerable.Range(0, Classes.Count).ToArray();
        Shuffle(pool, ways, ref random);

        int perClass = shots + queries;
        var classIds = new int[ways];
        var supportRows = new int[ways * shots];
        var queryRows = new int[ways * queries];
        int[] picks = new int[_examplesByClass.Max(e => e.Length)];
        for (int way = 0; way < ways; way++)
        {
            int slot = pool[way];
            classIds[way] = Classes[slot];
            int[] examples = _examplesByClass[slot];
            examples.CopyTo(picks, 0);
            Span<int> drawn = picks.AsSpan(0, examples.Length);
            Shuffle(drawn, perClass, ref random);
            drawn[..shots].CopyTo(supportRows.AsSpan(way * shots));
            drawn[shots..perClass].CopyTo(queryRows.AsSpan(way * queries));
        }

        string[] names = classIds.Select(c => Images.ClassNames[c]).ToArray();
        string[]? alphabets = Images.ClassAlphabets is { } all ? classIds.Select(c => all[c]).ToArray() : null;
        var support = Images.Select(supportRows, EpisodeLabels(ways, shots), names, alphabets);
        var query = Images.Select(queryRows, EpisodeLabels(ways, queries), names, alphabets);
        return new FewShotEpisode(index, shots, queries, classIds, support, query, supportRows, queryRows);
    }

    private void Validate(int ways, int shots, int queries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ways);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        ArgumentOutOfRangeException.ThrowIfNegative(queries);
        if (ways > Classes.Count)
        {
            throw new ArgumentException(
                $"A {ways}-way episode needs {ways} classes, but the sampler has only {Classes.Count}.", nameof(ways));
        }

        // Every class must be able to serve, whichever the draw picks, so that the error does not depend on the seed:
        // check the smallest (the first of them, for a stable message).
        int available = _examplesByClass[_smallestSlot].Length;
        if (available < (long)shots + queries)
        {
            int id = Classes[_smallestSlot];
            throw new ArgumentException(
                $"Class {id} ('{Images.ClassNames[id]}') has {available} images, fewer than the {shots} shots + {queries} queries an episode takes from each class.",
                nameof(shots));
        }
    }

    /// <summary>Moves a uniformly random choice of <paramref name="count"/> distinct items to the front, in random order.</summary>
    private static void Shuffle(Span<int> items, int count, ref SplitMix64 random)
    {
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static int[] EpisodeLabels(int ways, int perClass)
    {
        var labels = new int[ways * perClass];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i / perClass;
        }

        return labels;
    }
}
