using Microsoft.ML;
using Synaptic.ML.Tests.Trainers;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Tests.Persistence;

/// <summary>
/// Loading a zip in an <see cref="MLContext"/> that never called <c>Synaptic()</c>. ML.NET finds a component's loader in
/// the loading context's component catalog; the only hook it offers a third-party assembly is <c>[LoadableClass]</c>
/// attributes, which it reads when it loads the assembly named in the zip — but that attribute, its base class and the
/// load signature are internal to Microsoft.ML.Core (5.0.1), so no C# assembly outside ML.NET can declare one. The
/// library therefore loads through <c>mlContext.Synaptic().LoadModel</c> (one call, registering the loaders first),
/// and every failure to find a loader on the library's load path names <c>Synaptic()</c>. These tests pin both, so an
/// ML.NET that starts allowing it makes the first one fail and the decision is revisited.
/// </summary>
[TestClass]
public sealed class FreshContextLoadingTests : TempDirectoryTest
{
    private string SavePolicy()
    {
        var ml = new MLContext(seed: 0);
        var path = Path.Combine(Dir, "policy.zip");
        ml.Model.Save(TrainedPolicies.CartPole, TrainedPolicies.Episodes(ml, "CartPole-v1").Schema, path);
        return path;
    }

    [TestMethod]
    public void MlNetsOwnLoadInAContextWithoutSynapticCannotFindTheLoader()
    {
        var path = SavePolicy();
        var error = Assert.Throws<Exception>(() => new MLContext(seed: 1).Model.Load(path, out _));
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
            messages.Add(e.Message);
        Assert.IsTrue(messages.Any(m => m.StartsWith("Couldn't load model", StringComparison.Ordinal)), string.Join(" | ", messages));
    }

    [TestMethod]
    public void TheCatalogLoadsAPolicyInAFreshContextInOneCall()
    {
        var path = SavePolicy();
        var fresh = new MLContext(seed: 1);
        using var loaded = (PolicyTransformer)fresh.Synaptic().LoadModel(path, out var schema);
        Assert.IsNotNull(schema.GetColumnOrNull("Observation"));
        float[] observation = [0.02f, -0.1f, 0.03f, 0.2f];
        Assert.AreEqual(TrainedPolicies.CartPole.Act(observation)[0], loaded.Act(observation)[0]);
        Assert.IsInstanceOfType<PolicyTransformer>(fresh.Model.Load(path, out _), "After Synaptic(), ML.NET's own Load works too.");
    }

    [TestMethod]
    public void AComponentWithoutALoaderIsNamedWithTheRemedyOnTheLibrarysLoadPath()
    {
        // A transformer whose loader no Synaptic() call registers (a test double registered by hand elsewhere).
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(new[] { new MlNetModelIOTests.XRow { X = 1f } });
        var path = Path.Combine(Dir, "unknown.zip");
        ml.Model.Save(new MlNetModelIOTests.DoublingTransformer("x", "y"), data.Schema, path);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext(seed: 1).Synaptic().LoadModel(path, out _));
        StringAssert.Contains(error.Message, "Couldn't load model");
        StringAssert.Contains(error.Message, "call mlContext.Synaptic() on the loading context");
    }
}
