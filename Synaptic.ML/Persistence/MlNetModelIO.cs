using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Synaptic.ML.Persistence;

/// <summary>
/// The one place where Synaptic.ML reaches into ML.NET internals to save and load its own transformers
/// through <c>MLContext.Model.Save</c> / <c>MLContext.Model.Load</c>.
/// </summary>
/// <remarks>
/// <para>
/// Save: a transformer implements <see cref="ICanSaveModel.Save"/> explicitly, calls <see cref="BeginSave"/>,
/// writes its fields with the returned writer, and optionally writes side streams with <see cref="SaveBinaryStream"/>.
/// ML.NET itself finishes the entry (it calls <c>ModelSaveContext.Done</c>) after <c>Save</c> returns.
/// </para>
/// <para>
/// Load: ML.NET finds a loader by the loader signature stored in the entry header, in the
/// <see cref="MLContext.ComponentCatalog"/> of the loading context, so <see cref="RegisterLoader"/> must run on
/// that context before <c>Model.Load</c>. ML.NET then invokes <c>Create(IHostEnvironment env, ModelLoadContext ctx)</c>,
/// which calls <see cref="BeginLoad"/> and must read back exactly the bytes the save wrote to the main stream
/// (ML.NET checks this after <c>Create</c> returns).
/// </para>
/// <para>
/// Pinned to the internals of Microsoft.ML 5.0.x; <see cref="VerifyInternalsAvailable"/> tells whether the
/// ML.NET at hand still has every member used here.
/// </para>
/// </remarks>
internal static class MlNetModelIO
{
    private const string LoadContextTypeName = "Microsoft.ML.ModelLoadContext, Microsoft.ML.Core";
    private const string LoadableClassAttributeTypeName = "Microsoft.ML.LoadableClassAttribute, Microsoft.ML.Core";
    private const string LoadableClassAttributeBaseTypeName = "Microsoft.ML.LoadableClassAttributeBase, Microsoft.ML.Core";
    private const string LoadableClassInfoTypeName = "Microsoft.ML.Runtime.ComponentCatalog+LoadableClassInfo, Microsoft.ML.Core";
    private const string SignatureLoadModelTypeName = "Microsoft.ML.SignatureLoadModel";
    private const string VersionInfoTypeName = "Microsoft.ML.VersionInfo";
    private const string ModelHeaderTypeName = "Microsoft.ML.ModelHeader";

    private static readonly Lazy<Bindings> s_bindings = new(Bindings.Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Registers the loader of one Synaptic.ML model kind with <paramref name="context"/>'s component catalog, so that
    /// <c>context.Model.Load</c> can recreate <paramref name="instanceType"/> through <paramref name="create"/>.
    /// A second call for the same loader signature and type is a no-op; the call is thread-safe.
    /// </summary>
    /// <param name="context">The context that will load the model.</param>
    /// <param name="instanceType">The type that <paramref name="create"/> returns.</param>
    /// <param name="format">The model format; its <see cref="ModelFormat.LoaderSignature"/> is the lookup key.</param>
    /// <param name="create">A static method <c>(IHostEnvironment env, object ctx)</c> returning <paramref name="instanceType"/>
    /// (or <see cref="object"/>); <c>ctx</c> receives ML.NET's <c>ModelLoadContext</c>.</param>
    /// <exception cref="InvalidOperationException">The loader signature is already registered for another type, or
    /// ML.NET lacks a member this needs.</exception>
    internal static void RegisterLoader(MLContext context, Type instanceType, ModelFormat format, MethodInfo create)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(instanceType);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(create);
        Bindings bindings = s_bindings.Value;
        ValidateCreate(instanceType, create, bindings.LoadContextType);

        ComponentCatalog catalog = context.ComponentCatalog;
        string[] loadNames = [format.LoaderSignature];

        // ML.NET guards its own catalog updates (RegisterAssembly) with this lock; AddClass itself takes none.
        lock (Accessors.CatalogLock(catalog))
        {
            object? existing = Accessors.GetLoadableClassInfo(catalog, format.LoaderSignature, bindings.SignatureLoadModelType);
            if (existing is not null)
            {
                Type registered = Accessors.LoadableClassInfoType(existing);
                if (registered == instanceType)
                {
                    return;
                }

                throw new InvalidOperationException(
                    $"The ML.NET loader signature '{format.LoaderSignature}' is already registered on this MLContext for " +
                    $"'{registered.FullName}', so it cannot also load '{instanceType.FullName}'. Give each model kind its own loader signature.");
            }

            object attribute = Accessors.NewLoadableClassAttribute(
                instanceType, argType: null, bindings.SignatureLoadModelType, instanceType.Name, loadNames);
            object info = Accessors.NewLoadableClassInfo(attribute, getter: null, ctor: null, create, requireEnvironment: true);
            Accessors.AddClass(catalog, info, loadNames, throwOnError: true);
        }
    }

    /// <summary>
    /// Starts saving one model entry: checks the context is at the start of the model, stamps
    /// <paramref name="format"/> into the entry header and returns the writer of the main stream.
    /// </summary>
    /// <param name="ctx">The context ML.NET passed to <see cref="ICanSaveModel.Save"/>.</param>
    /// <param name="format">The format of the model being saved.</param>
    /// <param name="type">The type being saved; its assembly is recorded as the loader assembly.</param>
    /// <exception cref="ArgumentException">The loader signature does not fit ML.NET's model header.</exception>
    internal static BinaryWriter BeginSave(ModelSaveContext ctx, ModelFormat format, Type type)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(type);
        Bindings bindings = s_bindings.Value;

        if (!ModelFormat.IsSavableLoaderSignature(format.LoaderSignature))
        {
            throw new ArgumentException(
                $"{type.FullName} cannot be saved: its loader signature '{format.LoaderSignature}' has {format.LoaderSignature.Length} " +
                $"characters, but ML.NET's model header holds 1 to {ModelFormat.MaxLoaderSignatureLength} printable ASCII characters " +
                "without spaces. Choose a shorter ModelFormat.LoaderSignature.",
                nameof(format));
        }

        Accessors.SaveCheckAtModel(ctx);

        // The loader assembly name must not be empty: ML.NET 5.0.1 fails to read back an entry that has neither a string
        // table nor an assembly name (ModelHeader.TryValidate expects the reader at FpTail; FormatException). At load time
        // ML.NET only Assembly.Load()s this name and registers it with the catalog, which scans it for [LoadableClass]
        // attributes (Synaptic has none; its loaders come from RegisterLoader) and, once per context, its types for
        // ML.NET extension attributes. It is the simple name, without Version: ML.NET cannot load a name whose version is
        // above the loaded assembly's, so a model saved by a newer Synaptic.ML would fail there with FileNotFoundException
        // instead of reaching the clear version check in BeginLoad.
        bindings.SetVersionInfo(
            ctx,
            format.ModelSignature,
            format.CurrentVersion,
            format.ReaderVersionWritten,
            format.OldestReadableVersion,
            type.Assembly.GetName().Name,
            format.LoaderSignature,
            null);

        return Accessors.SaveWriter(ctx);
    }

    /// <summary>Writes a named binary side stream next to the model entry.</summary>
    internal static void SaveBinaryStream(ModelSaveContext ctx, string name, Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(write);
        _ = s_bindings.Value;

        Accessors.SaveBinaryStream(ctx, name, write);
    }

    /// <summary>
    /// Starts loading one model entry: checks that <paramref name="loadContext"/> is ML.NET's load context at the start
    /// of a model of <paramref name="format"/> whose version this library reads, and returns the reader of the main stream
    /// with the format version the model was written in.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry is not of this format, or its version cannot be read.</exception>
    internal static (BinaryReader Reader, uint WrittenVersion) BeginLoad(object loadContext, ModelFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        Bindings bindings = s_bindings.Value;
        CheckLoadContext(loadContext, bindings);

        Accessors.LoadCheckAtModel(loadContext);
        HeaderFields header = bindings.ReadHeader(loadContext);

        if (header.ModelSignature != EncodeModelSignature(format.ModelSignature))
        {
            throw new InvalidDataException(
                $"The model entry is not a Synaptic.ML '{format.LoaderSignature}' model: its model signature is " +
                $"'{DecodeModelSignature(header.ModelSignature)}', expected '{format.ModelSignature}'.");
        }

        if (header.VerReadable > header.VerWritten)
        {
            throw new InvalidDataException(
                $"The Synaptic.ML model '{format.LoaderSignature}' (model signature '{format.ModelSignature}') has a corrupt header: " +
                $"its readable version {FormatVersion(header.VerReadable)} is greater than its written version {FormatVersion(header.VerWritten)}.");
        }

        if (header.VerReadable > format.CurrentVersion)
        {
            throw new InvalidDataException(
                $"Cannot load the Synaptic.ML model '{format.LoaderSignature}' (model signature '{format.ModelSignature}'): " +
                $"it was saved in format version {FormatVersion(header.VerWritten)} and needs a reader of version " +
                $"{FormatVersion(header.VerReadable)} or newer, but Synaptic.ML {LibraryVersion} reads versions " +
                $"{FormatVersion(format.OldestReadableVersion)} to {FormatVersion(format.CurrentVersion)}. " +
                "Upgrade Synaptic.ML to load this model.");
        }

        if (header.VerWritten < format.OldestReadableVersion)
        {
            throw new InvalidDataException(
                $"Cannot load the Synaptic.ML model '{format.LoaderSignature}' (model signature '{format.ModelSignature}'): " +
                $"it was saved in format version {FormatVersion(header.VerWritten)}, older than the versions Synaptic.ML " +
                $"{LibraryVersion} reads ({FormatVersion(format.OldestReadableVersion)} to {FormatVersion(format.CurrentVersion)}). " +
                "Retrain the model, or load and save it again with an earlier Synaptic.ML release that reads both versions.");
        }

        return (Accessors.LoadReader(loadContext), header.VerWritten);
    }

    /// <summary>
    /// Reads a named binary side stream next to the model entry, if present; returns <see langword="false"/> when there is none.
    /// </summary>
    internal static bool TryLoadBinaryStream(object loadContext, string name, Action<BinaryReader> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(read);
        Bindings bindings = s_bindings.Value;
        CheckLoadContext(loadContext, bindings);

        return Accessors.TryLoadBinaryStream(loadContext, name, read);
    }

    /// <summary>
    /// Builds the <see cref="SchemaShape"/> of <paramref name="schema"/> (ML.NET's internal <c>SchemaShape.Create</c>):
    /// <see cref="SchemaShape.Column"/> has no public constructor, so an estimator takes the shape of the columns it adds
    /// from a schema holding them.
    /// </summary>
    internal static SchemaShape CreateSchemaShape(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _ = s_bindings.Value;

        return Accessors.SchemaShapeCreate(null, schema);
    }

    /// <summary>
    /// Resolves every ML.NET internal member used here.
    /// </summary>
    /// <exception cref="InvalidOperationException">A member is missing; the message names it and the ML.NET version.</exception>
    internal static void VerifyInternalsAvailable() => _ = s_bindings.Value;

    private static void CheckLoadContext(object loadContext, Bindings bindings)
    {
        ArgumentNullException.ThrowIfNull(loadContext);
        if (!bindings.LoadContextType.IsInstanceOfType(loadContext))
        {
            throw new ArgumentException(
                $"Expected the ML.NET '{bindings.LoadContextType.FullName}' passed to the loader's Create method, got '{loadContext.GetType().FullName}'.",
                nameof(loadContext));
        }
    }

    private static void ValidateCreate(Type instanceType, MethodInfo create, Type loadContextType)
    {
        ParameterInfo[] parameters = create.GetParameters();
        bool valid = create.IsStatic
            && !create.ContainsGenericParameters
            && parameters.Length == 2
            && !parameters[0].ParameterType.IsByRef
            && !parameters[1].ParameterType.IsByRef
            && parameters[0].ParameterType.IsAssignableFrom(typeof(IHostEnvironment))
            && parameters[1].ParameterType.IsAssignableFrom(loadContextType)
            && create.ReturnType != typeof(void)
            && (create.ReturnType.IsAssignableFrom(instanceType) || instanceType.IsAssignableFrom(create.ReturnType));
        if (!valid)
        {
            throw new ArgumentException(
                $"The loader method '{create.DeclaringType?.FullName}.{create.Name}' must be static with the signature " +
                $"({nameof(IHostEnvironment)} env, object ctx) and return {instanceType.FullName} or object.",
                nameof(create));
        }
    }

    // ML.NET packs the eight characters little-endian into a ulong and maps spaces to zero.
    private static ulong EncodeModelSignature(string signature)
    {
        ulong value = 0;
        for (int i = 0; i < signature.Length; i++)
        {
            char c = signature[i];
            if (c != ' ')
            {
                value |= (ulong)c << (i * 8);
            }
        }

        return value;
    }

    private static string DecodeModelSignature(ulong value)
    {
        var chars = new System.Text.StringBuilder(8);
        for (int i = 0; i < 8; i++)
        {
            byte b = (byte)(value >> (i * 8));
            if (b == 0)
            {
                chars.Append(' ');
            }
            else if (b is >= 0x20 and <= 0x7E)
            {
                chars.Append((char)b);
            }
            else
            {
                chars.Append($"\\x{b:X2}");
            }
        }

        return chars.ToString();
    }

    private static string FormatVersion(uint version) => $"0x{version:X8}";

    internal static string LibraryVersion { get; } = InformationalVersion(typeof(MlNetModelIO).Assembly);

    private static string InformationalVersion(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return assembly.GetName().Version?.ToString() ?? "(unknown version)";
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[..plus] : version;
    }

    private readonly record struct HeaderFields(ulong ModelSignature, uint VerWritten, uint VerReadable);

    private delegate void SetVersionInfoDelegate(
        ModelSaveContext ctx,
        string modelSignature,
        uint verWrittenCur,
        uint verReadableCur,
        uint verWeCanReadBack,
        string? loaderAssemblyName,
        string loaderSignature,
        string? loaderSignatureAlt);

    /// <summary>
    /// Everything that ML.NET internals are reached through, resolved once. Value types (<c>VersionInfo</c>,
    /// <c>ModelHeader</c>) cannot go through <see cref="UnsafeAccessorTypeAttribute"/>, so those few members are bound
    /// with reflection into compiled delegates.
    /// </summary>
    private sealed class Bindings
    {
        private Bindings(Type loadContextType, Type signatureLoadModelType, SetVersionInfoDelegate setVersionInfo, Func<object, HeaderFields> readHeader)
        {
            LoadContextType = loadContextType;
            SignatureLoadModelType = signatureLoadModelType;
            SetVersionInfo = setVersionInfo;
            ReadHeader = readHeader;
        }

        internal Type LoadContextType { get; }

        internal Type SignatureLoadModelType { get; }

        internal SetVersionInfoDelegate SetVersionInfo { get; }

        internal Func<object, HeaderFields> ReadHeader { get; }

        internal static Bindings Resolve()
        {
            PrepareAccessors();

            Assembly core = typeof(ModelSaveContext).Assembly;
            Type loadContextType = RequireType(core, "Microsoft.ML.ModelLoadContext");
            Type signatureLoadModel = RequireType(core, SignatureLoadModelTypeName);
            Type versionInfo = RequireType(core, VersionInfoTypeName);
            Type modelHeader = RequireType(core, ModelHeaderTypeName);
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

            Type[] versionInfoArgs = [typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string)];
            ConstructorInfo versionInfoCtor = versionInfo.GetConstructor(Instance, versionInfoArgs)
                ?? throw Missing($"constructor {VersionInfoTypeName}(string, uint, uint, uint, string, string, string)");
            MethodInfo setVersionInfo = typeof(ModelSaveContext).GetMethod("SetVersionInfo", Instance, [versionInfo])
                ?? throw Missing($"method {typeof(ModelSaveContext).FullName}.SetVersionInfo({VersionInfoTypeName})");

            FieldInfo header = RequireField(loadContextType, "Header", modelHeader);
            FieldInfo modelSignature = RequireField(modelHeader, "ModelSignature", typeof(ulong));
            FieldInfo verWritten = RequireField(modelHeader, "ModelVerWritten", typeof(uint));
            FieldInfo verReadable = RequireField(modelHeader, "ModelVerReadable", typeof(uint));

            return new Bindings(
                loadContextType,
                signatureLoadModel,
                CompileSetVersionInfo(versionInfoCtor, setVersionInfo),
                CompileReadHeader(loadContextType, header, modelSignature, verWritten, verReadable));
        }

        // (ctx, sig, w, r, b, asm, loader, alt) => ctx.SetVersionInfo(new VersionInfo(sig, w, r, b, asm, loader, alt))
        private static SetVersionInfoDelegate CompileSetVersionInfo(ConstructorInfo versionInfoCtor, MethodInfo setVersionInfo)
        {
            ParameterExpression ctx = Expression.Parameter(typeof(ModelSaveContext), "ctx");
            ParameterExpression[] args =
            [
                Expression.Parameter(typeof(string), "modelSignature"),
                Expression.Parameter(typeof(uint), "verWrittenCur"),
                Expression.Parameter(typeof(uint), "verReadableCur"),
                Expression.Parameter(typeof(uint), "verWeCanReadBack"),
                Expression.Parameter(typeof(string), "loaderAssemblyName"),
                Expression.Parameter(typeof(string), "loaderSignature"),
                Expression.Parameter(typeof(string), "loaderSignatureAlt"),
            ];
            Expression body = Expression.Call(ctx, setVersionInfo, Expression.New(versionInfoCtor, args));
            return Expression.Lambda<SetVersionInfoDelegate>(body, [ctx, .. args]).Compile();
        }

        // ctx => new HeaderFields(((ModelLoadContext)ctx).Header.ModelSignature, ...ModelVerWritten, ...ModelVerReadable)
        private static Func<object, HeaderFields> CompileReadHeader(
            Type loadContextType, FieldInfo header, FieldInfo modelSignature, FieldInfo verWritten, FieldInfo verReadable)
        {
            ParameterExpression ctx = Expression.Parameter(typeof(object), "ctx");
            Expression headerValue = Expression.Field(Expression.Convert(ctx, loadContextType), header);
            ConstructorInfo fieldsCtor = typeof(HeaderFields).GetConstructor([typeof(ulong), typeof(uint), typeof(uint)])!;
            Expression body = Expression.New(
                fieldsCtor,
                Expression.Field(headerValue, modelSignature),
                Expression.Field(headerValue, verWritten),
                Expression.Field(headerValue, verReadable));
            return Expression.Lambda<Func<object, HeaderFields>>(body, ctx).Compile();
        }

        // Binds every [UnsafeAccessor] now, so a missing member surfaces here with its name, not at first use.
        private static void PrepareAccessors()
        {
            foreach (MethodInfo accessor in typeof(Accessors).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                UnsafeAccessorAttribute? attribute = accessor.GetCustomAttribute<UnsafeAccessorAttribute>();
                if (attribute is null)
                {
                    continue;
                }

                try
                {
                    RuntimeHelpers.PrepareMethod(accessor.MethodHandle);
                }
                catch (Exception e) when (e is MissingMemberException or TypeLoadException)
                {
                    throw Missing(Describe(accessor, attribute), e);
                }
            }
        }

        private static string Describe(MethodInfo accessor, UnsafeAccessorAttribute attribute)
        {
            string target = attribute.Kind == UnsafeAccessorKind.Constructor
                ? TypeName(accessor.ReturnParameter)
                : TypeName(accessor.GetParameters()[0]);
            string kind = attribute.Kind switch
            {
                UnsafeAccessorKind.Constructor => "constructor",
                UnsafeAccessorKind.Field or UnsafeAccessorKind.StaticField => "field",
                _ => "method",
            };
            return attribute.Kind == UnsafeAccessorKind.Constructor ? $"{kind} {target}" : $"{kind} {target}.{attribute.Name}";

            static string TypeName(ParameterInfo parameter) =>
                parameter.GetCustomAttribute<UnsafeAccessorTypeAttribute>()?.TypeName.Split(',')[0]
                ?? parameter.ParameterType.FullName
                ?? parameter.ParameterType.Name;
        }

        private static Type RequireType(Assembly assembly, string name) =>
            assembly.GetType(name, throwOnError: false) ?? throw Missing($"type {name}");

        private static FieldInfo RequireField(Type type, string name, Type fieldType)
        {
            FieldInfo? field = type.GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            return field is not null && field.FieldType == fieldType
                ? field
                : throw Missing($"field {type.FullName}.{name} of type {fieldType.FullName}");
        }

        private static InvalidOperationException Missing(string member, Exception? inner = null) => new(
            $"Synaptic.ML cannot save or load models with Microsoft.ML {InformationalVersion(typeof(ModelSaveContext).Assembly)}: " +
            $"the ML.NET internal {member} it relies on was not found. " +
            "This Synaptic.ML release supports Microsoft.ML 5.0.x; use that version or a Synaptic.ML release built for this one.",
            inner);
    }

    /// <summary>Direct bindings to ML.NET internals; resolved by <see cref="Bindings.Resolve"/>.</summary>
    private static class Accessors
    {
        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "CheckAtModel")]
        internal static extern void SaveCheckAtModel(ModelSaveContext ctx);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "Writer")]
        internal static extern ref BinaryWriter SaveWriter(ModelSaveContext ctx);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "SaveBinaryStream")]
        internal static extern void SaveBinaryStream(ModelSaveContext ctx, string name, Action<BinaryWriter> action);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "CheckAtModel")]
        internal static extern void LoadCheckAtModel([UnsafeAccessorType(LoadContextTypeName)] object ctx);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "Reader")]
        internal static extern ref BinaryReader LoadReader([UnsafeAccessorType(LoadContextTypeName)] object ctx);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "TryLoadBinaryStream")]
        internal static extern bool TryLoadBinaryStream([UnsafeAccessorType(LoadContextTypeName)] object ctx, string name, Action<BinaryReader> action);

        [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Create")]
        internal static extern SchemaShape SchemaShapeCreate(SchemaShape? owner, DataViewSchema schema);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lock")]
        internal static extern ref object CatalogLock(ComponentCatalog catalog);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "GetLoadableClassInfo")]
        [return: UnsafeAccessorType(LoadableClassInfoTypeName)]
        internal static extern object? GetLoadableClassInfo(ComponentCatalog catalog, string loadName, Type signatureType);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Type")]
        internal static extern Type LoadableClassInfoType([UnsafeAccessorType(LoadableClassInfoTypeName)] object info);

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        [return: UnsafeAccessorType(LoadableClassAttributeTypeName)]
        internal static extern object NewLoadableClassAttribute(Type instType, Type? argType, Type sigType, string userName, string[] loadNames);

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        [return: UnsafeAccessorType(LoadableClassInfoTypeName)]
        internal static extern object NewLoadableClassInfo(
            [UnsafeAccessorType(LoadableClassAttributeBaseTypeName)] object attr,
            MethodInfo? getter,
            ConstructorInfo? ctor,
            MethodInfo? create,
            bool requireEnvironment);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "AddClass")]
        internal static extern void AddClass(
            ComponentCatalog catalog,
            [UnsafeAccessorType(LoadableClassInfoTypeName)] object info,
            string[] loadNames,
            bool throwOnError);
    }
}
