using TorchSharp;

namespace Synaptic.ML.Torch;

/// <summary>A module's weights as bytes in memory, to keep the best network seen during training and put it back.</summary>
internal static class ModuleSnapshot
{
    public static byte[] Take(torch.nn.Module module)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            module.save(writer);
        return stream.ToArray();
    }

    public static void Restore(torch.nn.Module module, byte[] snapshot)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot));
        module.load(reader, strict: true);
    }
}
