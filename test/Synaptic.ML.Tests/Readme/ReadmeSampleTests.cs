using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Readme;

/// <summary>
/// Every ```csharp block of README.md and of the pages in docs/ is a complete program: it must compile
/// against the library with warnings as errors and run to completion, so the documentation never shows
/// code that rots. A block shown on several pages (the README's example of a capability is also on the
/// capability's page) runs once, named by every place it appears.
/// </summary>
[TestClass]
public sealed partial class ReadmeSampleTests
{
    [GeneratedRegex(@"^```csharp\s*\n(?<code>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    /// <summary>README.md, then every docs/*.md in ordinal order, as paths relative to the repository root.</summary>
    public static IEnumerable<string> Documents()
    {
        var docs = Path.Combine(ReferenceData.RepositoryRoot, "docs");
        if (!Directory.Exists(docs))
            throw new DirectoryNotFoundException($"The documentation directory '{docs}' is missing; it must sit beside README.md.");
        yield return "README.md";
        foreach (var page in Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal))
            yield return Path.GetRelativePath(ReferenceData.RepositoryRoot, page).Replace('\\', '/');
    }

    /// <summary>Every C# block of <paramref name="document"/> with where it starts: "docs/x.md line 12 (heading)".</summary>
    public static IEnumerable<(string Where, string Code)> Blocks(string document)
    {
        var text = File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, document)).Replace("\r\n", "\n");
        var lines = text.Split('\n');
        foreach (Match match in CSharpBlock().Matches(text))
        {
            var line = text[..match.Index].Count(c => c == '\n') + 1;
            var heading = lines.Take(line).LastOrDefault(l => l.StartsWith('#')) ?? document;
            yield return ($"{document} line {line} ({heading.TrimStart('#', ' ')})", match.Groups["code"].Value);
        }
    }

    public static IEnumerable<object[]> Samples() =>
        Documents()
            .SelectMany(Blocks)
            .GroupBy(block => block.Code, StringComparer.Ordinal)
            .Select(same => new object[] { string.Join("; ", same.Select(block => block.Where)), same.Key });

    [TestMethod]
    public void ReadmeHasSamples() => Assert.IsTrue(Blocks("README.md").Count() >= 5, "The README shows a sample per capability.");

    [TestMethod]
    public void DocsPagesHaveSamples()
    {
        var pages = Documents().Skip(1).ToArray();
        var withSamples = pages.Count(page => Blocks(page).Any());
        Assert.IsTrue(withSamples >= 5, $"Only {withSamples} of the docs pages ({string.Join(", ", pages)}) show C# samples; each capability page shows its code.");
    }

    [TestMethod]
    public void TheReinforcementLearningSectionNamesTheEnvironmentOptionsAndLinksTheCustomEnvironmentPage()
    {
        var readme = File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf("\n## Reinforcement learning\n", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, "The README has a reinforcement-learning section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        foreach (var name in new[] { "`EnvironmentId`", "`EnvironmentFactory`", "(docs/custom-environment.md)" })
            StringAssert.Contains(section, name);
        var page = Path.Combine(ReferenceData.RepositoryRoot, "docs", "custom-environment.md");
        Assert.IsTrue(File.Exists(page), "docs/custom-environment.md exists.");
        var code = Blocks("docs/custom-environment.md").Single().Code;
        foreach (var step in new[] { ": Env(", "EnvChecker.Check(", "EnvRegistry.Register(", "MaxEpisodeSteps:", ".Fit(", "ml.Model.Save(", ".LoadModel(", "CreatePredictionEngine" })
            StringAssert.Contains(code, step, $"The custom-environment page shows the whole path; '{step}' is missing.");
    }

    [TestMethod]
    public void MultiPassTrainersAfterASpikingTransformAreShownBehindACacheCheckpoint()
    {
        // Without AppendCacheCheckpoint an iterative trainer re-runs the encoder or network on every pass (9× slower
        // for SDCA after an encoder): the encoding page shows it, and no page shows such a pipeline without it.
        string[] multiPass = ["Sdca", "Lbfgs", "AveragedPerceptron"];
        string[] spiking = ["ml.Synaptic().Transforms.", "CreateFeaturizer(", "SpikingFeaturizer("];
        var pipelines = Documents().SelectMany(Blocks)
            .Where(b => multiPass.Any(b.Code.Contains) && spiking.Any(b.Code.Contains))
            .ToArray();
        Assert.IsTrue(pipelines.Any(b => b.Where.StartsWith("docs/encoding.md", StringComparison.Ordinal) && b.Code.Contains("Transforms.Encode", StringComparison.Ordinal)),
            "docs/encoding.md shows an encoder before a multi-pass trainer.");
        foreach (var (where, code) in pipelines)
            StringAssert.Contains(code, ".AppendCacheCheckpoint(", $"{where} shows a multi-pass trainer after a spiking transform without a cache checkpoint.");
    }

    [TestMethod]
    [DynamicData(nameof(Samples))]
    public void SampleCompilesAndRuns(string where, string code)
    {
        var compilation = CSharpCompilation.Create(
            "ReadmeSample" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(code, Parse), CSharpSyntaxTree.ParseText(ImplicitUsings, Parse)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        Assert.IsTrue(emitted.Success, $"{where} does not compile:\n{string.Join("\n", errors)}");

        var assembly = Assembly.Load(image.ToArray());
        var directory = Directory.CreateTempSubdirectory("synaptic-readme-");
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = directory.FullName;
        try
        {
            var entry = assembly.EntryPoint!;
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Name the block: the invocation wrapper alone says nothing about which page failed.
            Assert.Fail($"{where} compiles but throws when run:\n{e.InnerException}");
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            directory.Delete(recursive: true);
        }
    }

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    // What `dotnet new console` gives a program (ImplicitUsings), so the samples read as users write them.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // Everything the test host can load: the framework, the Synaptic assemblies and their packages.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());
}
