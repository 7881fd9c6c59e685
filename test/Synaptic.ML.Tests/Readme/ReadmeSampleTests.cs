using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Synaptic.ML.Tests.Reference;

namespace Synaptic.ML.Tests.Readme;

/// <summary>
/// Every ```csharp block of README.md is a complete program: it must compile against the library
/// with warnings as errors and run to completion, so the front door never shows code that rots.
/// </summary>
[TestClass]
public sealed partial class ReadmeSampleTests
{
    [GeneratedRegex(@"^```csharp\s*\n(?<code>.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    public static IEnumerable<object[]> Samples()
    {
        var readme = File.ReadAllText(Path.Combine(ReferenceData.RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        var lines = readme.Split('\n');
        foreach (Match match in CSharpBlock().Matches(readme))
        {
            var line = readme[..match.Index].Count(c => c == '\n') + 1;
            var heading = lines.Take(line).LastOrDefault(l => l.StartsWith('#')) ?? "README";
            yield return [$"{heading.TrimStart('#', ' ')} (line {line})", match.Groups["code"].Value];
        }
    }

    [TestMethod]
    public void ReadmeHasSamples() => Assert.IsTrue(Samples().Count() >= 5, "The README shows a sample per capability.");

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
