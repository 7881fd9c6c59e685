using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Synaptic.ML.Persistence;

/// <summary>
/// Tells, from a file's metadata alone (nothing is loaded or run), whether an assembly declares
/// <see cref="SynapticModelAssemblyAttribute"/>.
/// </summary>
internal static class ModelAssemblyScanner
{
    private static readonly string AttributeNamespace = typeof(SynapticModelAssemblyAttribute).Namespace!;
    private static readonly string AttributeName = nameof(SynapticModelAssemblyAttribute);

    /// <summary>The assembly's name when <paramref name="path"/> is a .NET assembly marked as holding Synaptic models; otherwise null.</summary>
    public static string? DeclaresModels(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
                return null;
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
                return null;
            var assembly = metadata.GetAssemblyDefinition();
            foreach (var handle in assembly.GetCustomAttributes())
            {
                if (IsMarker(metadata, metadata.GetCustomAttribute(handle)))
                    return metadata.GetString(assembly.Name);
            }
            return null;
        }
        catch (BadImageFormatException)
        {
            // A native library (libtorch, SkiaSharp's) beside the assemblies: not a .NET assembly, so it holds no models.
            return null;
        }
    }

    private static bool IsMarker(MetadataReader metadata, CustomAttribute attribute)
    {
        EntityHandle type;
        if (attribute.Constructor.Kind == HandleKind.MemberReference)
            type = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        else if (attribute.Constructor.Kind == HandleKind.MethodDefinition)
            type = metadata.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
        else
            return false;
        return type.Kind switch
        {
            HandleKind.TypeReference => Matches(metadata, metadata.GetTypeReference((TypeReferenceHandle)type).Namespace, metadata.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => Matches(metadata, metadata.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, metadata.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => false,
        };
    }

    private static bool Matches(MetadataReader metadata, StringHandle ns, StringHandle name) =>
        metadata.StringComparer.Equals(name, AttributeName) && metadata.StringComparer.Equals(ns, AttributeNamespace);
}
