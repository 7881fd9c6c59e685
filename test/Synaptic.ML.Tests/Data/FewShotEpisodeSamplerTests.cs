using Microsoft.ML;
using Synaptic.ML.Data;

namespace Synaptic.ML.Tests.Data;

[TestClass]
public sealed class FewShotEpisodeSamplerTests
{
    /// <summary>12 classes of 8 to 19 images; the split puts classes 0–7 in meta-train, 8–9 in validation, 10–11 in test.</summary>
    private static readonly LabeledImages Images = SyntheticImages.Create(Enumerable.Range(0, 12).Select(c => 8 + c).ToArray(), alphabetSize: 2);

    private static readonly ClassSplit Split = new(Enumerable.Range(0, 8), [8, 9], [10, 11]);

    [TestMethod]
    public void Episode_HasTheShapesAndLabelsOfNWayKShotQQuery()
    {
        var sampler = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 1);

        var episode = sampler.Sample(ways: 5, shots: 2, queries: 3);

        Assert.AreEqual(0L, episode.Index);
        Assert.AreEqual(5, episode.Ways);
        Assert.AreEqual(2, episode.Shots);
        Assert.AreEqual(3, episode.Queries);
        Assert.AreEqual(10, episode.Support.Count);
        Assert.AreEqual(15, episode.Query.Count);
        Assert.AreEqual(2 * 3 * 10, episode.Support.Pixels.Length);
        Assert.AreEqual(2, episode.Support.Height);
        Assert.AreEqual(3, episode.Query.Width);
        CollectionAssert.AreEqual(new[] { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 }, episode.Support.Labels.ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 5).SelectMany(l => Enumerable.Repeat(l, 3)).ToArray(), episode.Query.Labels.ToArray());
        Assert.HasCount(5, episode.ClassIds);
        Assert.AreEqual(5, episode.ClassIds.Distinct().Count());
        Assert.IsTrue(episode.ClassIds.All(c => Split.MetaTrain.Contains(c)));
        Assert.AreEqual(5, episode.Support.ClassCount);
        CollectionAssert.AreEqual(episode.ClassIds.Select(c => $"class {c}").ToArray(), episode.Support.ClassNames.ToArray());
        CollectionAssert.AreEqual(episode.ClassIds.Select(c => Images.ClassAlphabets![c]).ToArray(), episode.Query.ClassAlphabets!.ToArray());
    }

    [TestMethod]
    public void Episode_ImagesAreThoseOfTheirOriginalClass_AndNoSupportImageIsAQuery()
    {
        var sampler = new FewShotEpisodeSampler(Images, Enumerable.Range(0, 12), seed: 2);

        for (int i = 0; i < 200; i++)
        {
            var episode = sampler.Episode(i, ways: 4, shots: 3, queries: 5);
            foreach (var (set, indices) in new[] { (episode.Support, episode.SupportIndices), (episode.Query, episode.QueryIndices) })
            {
                for (int j = 0; j < set.Count; j++)
                {
                    int source = SyntheticImages.IndexOf(set.Image(j));
                    Assert.AreEqual(indices[j], source, $"episode {i}, image {j}: the pixels are those of the recorded source image");
                    Assert.AreEqual(episode.ClassIds[set.Labels[j]], Images.Labels[source], $"episode {i}, image {j}: relabelled from its class");
                }
            }

            var all = episode.SupportIndices.Concat(episode.QueryIndices).ToArray();
            Assert.AreEqual(all.Length, all.Distinct().Count(), $"episode {i} repeats an image");
        }
    }

    [TestMethod]
    public void SameSeedAndIndex_GiveTheSameEpisode_WhateverWasDrawnBefore()
    {
        var first = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 9);
        var second = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 9);

        var sequence = Enumerable.Range(0, 6).Select(_ => first.Sample(3, 1, 2)).ToArray();
        Assert.AreEqual(6L, first.NextIndex);

        // Drawn alone, out of order, or again: episode i is the same.
        foreach (int i in new[] { 5, 2, 0, 5 })
        {
            var again = second.Episode(i, 3, 1, 2);
            Assert.AreEqual((long)i, again.Index);
            CollectionAssert.AreEqual(sequence[i].SupportIndices.ToArray(), again.SupportIndices.ToArray(), $"episode {i}");
            CollectionAssert.AreEqual(sequence[i].QueryIndices.ToArray(), again.QueryIndices.ToArray(), $"episode {i}");
            CollectionAssert.AreEqual(sequence[i].Query.Pixels.ToArray(), again.Query.Pixels.ToArray(), $"episode {i}");
        }

        Assert.AreEqual(0L, second.NextIndex);
    }

    [TestMethod]
    public void DifferentSeedsOrIndices_GiveDifferentEpisodes()
    {
        var a = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 1);
        var b = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 2);

        var fromA = Enumerable.Range(0, 20).Select(i => a.Episode(i, 3, 2, 2).SupportIndices.ToArray()).ToArray();
        var fromB = Enumerable.Range(0, 20).Select(i => b.Episode(i, 3, 2, 2).SupportIndices.ToArray()).ToArray();

        Assert.IsTrue(Enumerable.Range(0, 20).Count(i => !fromA[i].SequenceEqual(fromB[i])) >= 18);
        Assert.IsTrue(Enumerable.Range(1, 19).Count(i => !fromA[i].SequenceEqual(fromA[0])) >= 18);
    }

    [TestMethod]
    public void OverManyEpisodes_EveryClassIsDrawnEquallyOften()
    {
        // 3 of 8 classes per episode over 4,000 episodes: each class 1,500 times in expectation, binomial sigma ~30.6.
        var sampler = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 11);
        const int episodes = 4000;
        var counts = new int[Images.ClassCount];
        var firstSupport = new Dictionary<int, int>();
        for (int i = 0; i < episodes; i++)
        {
            var episode = sampler.Sample(3, 1, 1);
            foreach (int c in episode.ClassIds)
            {
                counts[c]++;
            }

            if (episode.ClassIds.Contains(0))
            {
                int index = episode.SupportIndices[episode.ClassIds.ToList().IndexOf(0)];
                firstSupport[index] = firstSupport.GetValueOrDefault(index) + 1;
            }
        }

        double p = 3.0 / 8, expected = episodes * p, sigma = Math.Sqrt(episodes * p * (1 - p));
        for (int c = 0; c < 8; c++)
        {
            Assert.IsLessThan(5 * sigma, Math.Abs(counts[c] - expected), $"class {c}: {string.Join(", ", counts)}");
        }

        Assert.IsTrue(counts.Skip(8).All(c => c == 0), "Only meta-train classes are drawn.");

        // Within class 0 (8 images), each image is its support image about equally often.
        Assert.HasCount(8, firstSupport);
        double perImage = counts[0] / 8.0, imageSigma = Math.Sqrt(counts[0] * (1 / 8.0) * (7 / 8.0));
        foreach (var (index, times) in firstSupport)
        {
            Assert.IsLessThan(5 * imageSigma, Math.Abs(times - perImage), $"image {index}");
        }
    }

    [TestMethod]
    public void MoreWaysThanClasses_ThrowsNamingBoth()
    {
        var sampler = new FewShotEpisodeSampler(Images, Split, SplitPart.Validation, seed: 1);

        var ex = Assert.ThrowsExactly<ArgumentException>(() => sampler.Sample(ways: 3, shots: 1, queries: 1));

        Assert.Contains("3-way", ex.Message);
        Assert.Contains("only 2", ex.Message);
        Assert.AreEqual(0L, sampler.NextIndex, "A refused request draws nothing.");
    }

    [TestMethod]
    public void MoreShotsAndQueriesThanAClassHas_ThrowsNamingTheClass()
    {
        // Class 8 has 16 images, class 9 has 17.
        var sampler = new FewShotEpisodeSampler(Images, Split, SplitPart.Validation, seed: 1);
        Assert.AreEqual(30, sampler.Episode(0, 2, 1, 15).Query.Count);

        var ex = Assert.ThrowsExactly<ArgumentException>(() => sampler.Episode(0, ways: 1, shots: 5, queries: 12));

        Assert.Contains("Class 8 ('class 8') has 16 images", ex.Message);
        Assert.Contains("5 shots + 12 queries", ex.Message);
    }

    [TestMethod]
    public void InvalidArguments_AreRefused()
    {
        var sampler = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 1);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sampler.Sample(0, 1, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sampler.Sample(2, 0, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sampler.Sample(2, 1, -1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => sampler.Episode(-1, 2, 1, 1));
        Assert.AreEqual(0, sampler.Sample(2, 1, 0).Query.Count);

        var unknown = Assert.ThrowsExactly<ArgumentException>(() => new FewShotEpisodeSampler(Images, [3, 12], seed: 1));
        Assert.Contains("Class 12", unknown.Message);
        Assert.Contains("12 classes", unknown.Message);
        Assert.ThrowsExactly<ArgumentException>(() => new FewShotEpisodeSampler(Images, [3, 3], seed: 1));
    }

    [TestMethod]
    public void Catalog_SeedsFromTheContext_AndReadsDataViews()
    {
        var fromContext = new MLContext(seed: 5).Synaptic().Data.FewShotEpisodes(Images, Split, SplitPart.MetaTrain);
        var again = new MLContext(seed: 5).Synaptic().Data.FewShotEpisodes(Images, Split, SplitPart.MetaTrain);
        CollectionAssert.AreEqual(fromContext.Sample(4, 2, 2).QueryIndices.ToArray(), again.Sample(4, 2, 2).QueryIndices.ToArray());
        Assert.AreEqual(fromContext.Seed, again.Seed);

        var ml = new MLContext(seed: 1);
        var viaView = ml.Synaptic().Data.FewShotEpisodes(Images.ToDataView(ml), Split, SplitPart.Test, seed: 3);
        var direct = new FewShotEpisodeSampler(Images, Split, SplitPart.Test, seed: 3);
        var a = viaView.Episode(7, 2, 3, 4);
        var b = direct.Episode(7, 2, 3, 4);
        CollectionAssert.AreEqual(b.SupportIndices.ToArray(), a.SupportIndices.ToArray());
        CollectionAssert.AreEqual(b.Support.Pixels.ToArray(), a.Support.Pixels.ToArray());
        CollectionAssert.AreEqual(b.Support.ClassNames.ToArray(), a.Support.ClassNames.ToArray());
    }

    [TestMethod]
    public void EpisodeSets_AreReadyForMlNet()
    {
        var ml = new MLContext(seed: 1);
        var episode = new FewShotEpisodeSampler(Images, Split, SplitPart.MetaTrain, seed: 1).Sample(3, 2, 1);

        var back = LabeledImages.FromDataView(episode.Support.ToDataView(ml));

        CollectionAssert.AreEqual(episode.Support.Labels.ToArray(), back.Labels.ToArray());
        CollectionAssert.AreEqual(episode.ClassIds.Select(c => Images.ClassNames[c]).ToArray(), back.ClassNames.ToArray());
    }
}
