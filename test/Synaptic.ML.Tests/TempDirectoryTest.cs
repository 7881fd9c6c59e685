namespace Synaptic.ML.Tests;

/// <summary>Base of tests that write files: each test gets a fresh directory, removed afterwards.</summary>
public abstract class TempDirectoryTest
{
    protected string Dir { get; private set; } = "";

    [TestInitialize]
    public void CreateTempDirectory() => Dir = Directory.CreateTempSubdirectory($"synaptic-{GetType().Name}-").FullName;

    [TestCleanup]
    public void DeleteTempDirectory()
    {
        if (Directory.Exists(Dir))
            Directory.Delete(Dir, recursive: true);
    }
}
