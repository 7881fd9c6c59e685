using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML;

namespace Synaptic.ML.Persistence;

/// <summary>
/// Finds every <see cref="ISynapticModel{TSelf}"/> type and registers its loader on a context, and
/// performs the save and load calls that those types delegate to.
/// </summary>
internal static class SynapticModelRegistry
{
    private static readonly ConcurrentDictionary<Assembly, Type[]> TypesByAssembly = new();
    private static readonly ConcurrentDictionary<Type, ModelFormat> Formats = new();
    private static readonly Lazy<bool> SiblingsLoaded = new(LoadSiblingAssemblies);

    /// <summary>Registers the loader of every known Synaptic model type on <paramref name="context"/>.</summary>
    public static void RegisterAll(MLContext context)
    {
        var create = typeof(SynapticModelRegistry).GetMethod(nameof(Create), BindingFlags.Public | BindingFlags.Static)!;
        foreach (var type in Discover())
            MlNetModelIO.RegisterLoader(context, type, FormatOf(type), create.MakeGenericMethod(type));
    }

    /// <summary>Saves <paramref name="model"/> into ML.NET's save context.</summary>
    public static void Save(ISynapticModel model, ModelSaveContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        var type = model.GetType();
        if (!IsSynapticModel(type))
            throw new InvalidOperationException($"{type.FullName} cannot be saved: it must implement ISynapticModel<{type.Name}>.");
        var format = FormatOf(type);
        var writer = MlNetModelIO.BeginSave(context, format, type);
        ChecksummedPayload.Write(writer, payload => model.SaveModel(new SynapticModelWriter(context, payload)));
    }

    private static ModelFormat FormatOf(Type type) => Formats.GetOrAdd(type, static t =>
        (ModelFormat)t.GetProperty(nameof(ISynapticModel<>.ModelFormat), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

    /// <summary>The loader ML.NET invokes, with its <c>ModelLoadContext</c> as <paramref name="context"/>.</summary>
    public static T Create<T>(IHostEnvironment env, object context) where T : class, ISynapticModel<T>
    {
        var format = T.ModelFormat;
        var (reader, writtenVersion) = MlNetModelIO.BeginLoad(context, format);
        var what = $"Model '{format.ModelSignature}' (format version 0x{writtenVersion:X8})";
        using var payload = ChecksummedPayload.Read(reader, what);
        var model = T.LoadModel(env, new SynapticModelReader(context, payload, writtenVersion, format.ModelSignature));
        if (payload.BaseStream.Position != payload.BaseStream.Length)
            throw new InvalidDataException($"{what} is corrupted: {payload.BaseStream.Length - payload.BaseStream.Position} payload bytes were not read.");
        return model;
    }

    // Scans the assemblies loaded now (each scanned once), so models defined in assemblies that
    // were loaded after an earlier context was set up are still found.
    private static IEnumerable<Type> Discover()
    {
        _ = SiblingsLoaded.Value;
        var core = typeof(SynapticModelRegistry).Assembly;
        var coreName = core.GetName().Name;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && (a == core || a.GetReferencedAssemblies().Any(r => r.Name == coreName)))
            .SelectMany(a => TypesByAssembly.GetOrAdd(a, static asm => asm.GetTypes().Where(IsSynapticModel).ToArray()))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    // Loads the assemblies beside this one (and in the application's folder) that declare
    // [assembly: SynapticModelAssembly], so a zip holding e.g. a trained policy loads even before the app
    // touched the assembly that defines it. Each assembly declares itself; the core names none.
    private static bool LoadSiblingAssemblies()
    {
        var directories = new[] { Path.GetDirectoryName(typeof(SynapticModelRegistry).Assembly.Location), AppContext.BaseDirectory }
            .Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.GetFullPath(d!)).Distinct(StringComparer.Ordinal);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).Select(a => a.GetName().Name).ToHashSet(StringComparer.Ordinal);
        foreach (var file in directories.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*.dll")))
        {
            if (ModelAssemblyScanner.DeclaresModels(file) is string name && !loaded.Contains(name))
                Assembly.Load(new AssemblyName(name));
        }
        return true;
    }

    private static bool IsSynapticModel(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && type.GetInterfaces().Any(i => i.IsGenericType
            && i.GetGenericTypeDefinition() == typeof(ISynapticModel<>)
            && i.GetGenericArguments()[0] == type);
}
