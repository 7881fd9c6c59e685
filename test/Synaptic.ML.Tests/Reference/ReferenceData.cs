using System.Text.Json;

namespace Synaptic.ML.Tests.Reference;

/// <summary>
/// Locates the peer-recorded reference data: ../shared/reference beside the repository, and the
/// directory named by SYNAPTIC_REFERENCE_DIR when it is set (same layout). Missing data fails.
/// </summary>
internal static class ReferenceData
{
    public const string EnvironmentVariable = "SYNAPTIC_REFERENCE_DIR";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Every directory holding <paramref name="subdirectory"/> reference files.</summary>
    public static IReadOnlyList<string> Directories(string subdirectory)
    {
        var shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference", subdirectory));
        if (!Directory.Exists(shared))
            throw new DirectoryNotFoundException($"Reference data directory '{shared}' is missing; it must sit beside the repository (../shared/reference).");
        var directories = new List<string> { shared };
        var extra = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(extra))
        {
            var path = Path.Combine(extra, subdirectory);
            if (!Directory.Exists(path))
                throw new DirectoryNotFoundException($"{EnvironmentVariable} is set to '{extra}' but '{path}' does not exist.");
            directories.Add(path);
        }
        return directories;
    }

    /// <summary>Every file named <paramref name="fileName"/> in the reference directories for <paramref name="subdirectory"/>.</summary>
    public static IEnumerable<string> Files(string subdirectory, string fileName) =>
        Directories(subdirectory).Select(d => Path.Combine(d, fileName)).Where(File.Exists);

    /// <summary>The cases[] of every reference file with that name, labelled by file and index.</summary>
    public static IEnumerable<(string Label, JsonElement Case)> Cases(string subdirectory, string fileName)
    {
        var files = Files(subdirectory, fileName).ToArray();
        if (files.Length == 0)
            throw new FileNotFoundException($"No reference file '{fileName}' in {string.Join(", ", Directories(subdirectory))}.");
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var index = 0;
            foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
                yield return ($"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))}/{fileName}#{index++}", item.Clone());
        }
    }

    public static float[] FlattenSingles(JsonElement element)
    {
        var values = new List<float>();
        Flatten(element, values);
        return values.ToArray();
    }

    public static int[] Shape(JsonElement element)
    {
        var shape = new List<int>();
        while (element.ValueKind == JsonValueKind.Array)
        {
            shape.Add(element.GetArrayLength());
            if (element.GetArrayLength() == 0)
                break;
            element = element[0];
        }
        return shape.ToArray();
    }

    private static void Flatten(JsonElement element, List<float> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                Flatten(item, values);
        }
        else
        {
            values.Add((float)element.GetDouble());
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Synaptic.ML.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"Synaptic.ML.sln not found above {AppContext.BaseDirectory}.");
    }
}
