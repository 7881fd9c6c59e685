using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Readme;

/// <summary>
/// The README's "use it in your app" program is test/Consumer/Program.cs, which CI's consumer check
/// (.ci/consumer) builds against the packed packages and runs in two processes; the README block also runs as a
/// sample (<see cref="ReadmeSampleTests"/>). This keeps the two texts one.
/// </summary>
[TestClass]
public sealed class ConsumerProgramTests
{
    [TestMethod]
    public void ReadmeShowsTheConsumerProgramAsItIs()
    {
        var program = File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, "test", "Consumer", "Program.cs")).Replace("\r\n", "\n");
        var readme = File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        StringAssert.Contains(readme, "```csharp\n" + program + "```\n",
            "README.md must show test/Consumer/Program.cs verbatim in a csharp block; copy the file into the README after changing it.");
    }
}
