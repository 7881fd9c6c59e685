using Synaptic.ML.Persistence;

namespace Synaptic.ML.Tests.Persistence;

/// <summary>Assemblies that define saved models declare themselves; the core finds them from metadata alone.</summary>
[TestClass]
public sealed class ModelAssemblyScannerTests
{
    [TestMethod]
    public void OnlyAssembliesThatDeclareModelsAreFound()
    {
        var directory = AppContext.BaseDirectory;
        Assert.AreEqual("Synaptic.ML.Trainers", ModelAssemblyScanner.DeclaresModels(Path.Combine(directory, "Synaptic.ML.Trainers.dll")));
        Assert.IsNull(ModelAssemblyScanner.DeclaresModels(Path.Combine(directory, "Synaptic.ML.Environments.dll")), "It defines no saved models.");
        Assert.IsNull(ModelAssemblyScanner.DeclaresModels(Path.Combine(directory, "Microsoft.ML.Data.dll")));
        var native = Directory.EnumerateFiles(directory, "*.so", SearchOption.AllDirectories).First();
        Assert.IsNull(ModelAssemblyScanner.DeclaresModels(native), "A native library is no .NET assembly.");
        var found = Directory.EnumerateFiles(directory, "*.dll").Select(ModelAssemblyScanner.DeclaresModels).Where(n => n is not null).ToArray();
        CollectionAssert.Contains(found, "Synaptic.ML.Trainers");
    }
}
