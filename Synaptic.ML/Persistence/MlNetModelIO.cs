using System.Reflection;
using Microsoft.ML;
namespace Synaptic.ML.Persistence;
internal static class MlNetModelIO
{
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.StaticMethod, Name = "Create")]
    private static extern SchemaShape SchemaShapeCreate(SchemaShape? owner, DataViewSchema schema);
    internal static SchemaShape CreateSchemaShape(DataViewSchema schema) => SchemaShapeCreate(null, schema);
    internal static void RegisterLoader(MLContext context, Type instanceType, ModelFormat format, MethodInfo create) { }
    internal static BinaryWriter BeginSave(ModelSaveContext ctx, ModelFormat format, Type type) => throw new InvalidOperationException("stub");
    internal static void SaveBinaryStream(ModelSaveContext ctx, string name, Action<BinaryWriter> write) { }
    internal static (BinaryReader, uint) BeginLoad(object ctx, ModelFormat format) => throw new InvalidOperationException("stub");
    internal static bool TryLoadBinaryStream(object ctx, string name, Action<BinaryReader> read) => false;
}
