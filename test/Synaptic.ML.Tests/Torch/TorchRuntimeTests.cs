using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Synaptic.ML.Torch;
using TorchSharp;

namespace Synaptic.ML.Tests.Torch;

[TestClass]
public sealed class TorchRuntimeTests
{
    private const string NewestLibStdCxxVersion = "GLIBCXX_3.4.32";

    [TestMethod]
    public void LinearLayerForwardAndBackwardMatchAnalyticValues()
    {
        TorchRuntime.EnsureAvailable();
        Assert.IsTrue(TorchRuntime.IsAvailable);

        using var layer = torch.nn.Linear(3, 2);
        using (torch.no_grad())
        {
            using var w = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
            using var b = torch.tensor(new float[] { 0.5f, -1f });
            layer.weight!.copy_(w);
            layer.bias!.copy_(b);
        }

        using var x = torch.tensor(new float[] { 1, -2, 3 }).requires_grad_();
        using var y = layer.forward(x).sum();
        y.backward();

        // y = sum(W x + b) = (1 - 4 + 9) + (4 - 10 + 18) + 0.5 - 1 = 17.5
        Assert.AreEqual(17.5f, y.item<float>(), 1e-5f);
        // dy/dW[i, j] = x[j] for every output row i.
        CollectionAssert.AreEqual(new float[] { 1, -2, 3, 1, -2, 3 }, layer.weight!.grad!.data<float>().ToArray());
        // dy/db[i] = 1.
        CollectionAssert.AreEqual(new float[] { 1, 1 }, layer.bias!.grad!.data<float>().ToArray());
        // dy/dx[j] = sum over i of W[i, j].
        CollectionAssert.AreEqual(new float[] { 5, 7, 9 }, x.grad!.data<float>().ToArray());
    }

    [TestMethod]
    [OSCondition(OperatingSystems.Linux)]
    public void OutputLibTorchSharpNeedsOnlyVersionsTheSystemLibStdCxxProvides()
    {
        // The libstdc++ this process uses (the .NET host links it) is the one libLibTorchSharp.so binds to.
        string systemLib = File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var slash and >= 0 ? line[slash..] : "")
            .First(path => Path.GetFileName(path).StartsWith("libstdc++.so.6", StringComparison.Ordinal));
        var provided = ElfVersions.Definitions(systemLib);

        string baseDir = AppContext.BaseDirectory;
        string rid = "linux-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string[] outputs = new[]
            {
                Path.Combine(baseDir, "libLibTorchSharp.so"),
                Path.Combine(baseDir, "runtimes", rid, "native", "libLibTorchSharp.so"),
            }
            .Where(File.Exists)
            .ToArray();
        Assert.IsNotEmpty(outputs, "no libLibTorchSharp.so in " + baseDir);

        foreach (string output in outputs)
        {
            var needed = ElfVersions.Needs(output, "libstdc++.so.6");
            // Patched exactly when the system lacks the version: still needed where provided, gone where not.
            Assert.AreEqual(provided.Contains(NewestLibStdCxxVersion), needed.Contains(NewestLibStdCxxVersion), output);
            CollectionAssert.IsSubsetOf(needed.ToList(), provided.ToList(), output + " needs versions " + systemLib + " lacks");
        }
    }

    /// <summary>Reads GNU symbol-version tables of ELF64 little-endian files.</summary>
    private static class ElfVersions
    {
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        public static HashSet<string> Definitions(string path)
        {
            var elf = File.ReadAllBytes(path);
            var (offset, count, strtab) = Section(elf, ShtGnuVerdef);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (long entry = offset, i = 0; i < count; i++)
            {
                long aux = entry + U32(elf, entry + 12);
                for (int j = 0, n = U16(elf, entry + 6); j < n; j++, aux += U32(elf, aux + 4))
                {
                    names.Add(Str(elf, strtab, U32(elf, aux)));
                }

                entry += U32(elf, entry + 16);
            }

            return names;
        }

        public static HashSet<string> Needs(string path, string fromFile)
        {
            var elf = File.ReadAllBytes(path);
            var (offset, count, strtab) = Section(elf, ShtGnuVerneed);
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (long entry = offset, i = 0; i < count; i++)
            {
                bool wanted = Str(elf, strtab, U32(elf, entry + 4)) == fromFile;
                long aux = entry + U32(elf, entry + 8);
                for (int j = 0, n = U16(elf, entry + 2); j < n; j++, aux += U32(elf, aux + 12))
                {
                    if (wanted)
                    {
                        names.Add(Str(elf, strtab, U32(elf, aux + 8)));
                    }
                }

                entry += U32(elf, entry + 12);
            }

            return names;
        }

        // Returns the section's file offset, its entry count (sh_info) and the offset of its linked string table.
        private static (long Offset, long Count, long StrTab) Section(byte[] elf, uint type)
        {
            Assert.IsTrue(elf.AsSpan(0, 6).SequenceEqual(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1 }), "not ELF64 little-endian");
            long shoff = (long)U64(elf, 0x28);
            int shnum = U16(elf, 0x3c);
            for (int i = 0; i < shnum; i++)
            {
                long header = shoff + (i * 64L);
                if (U32(elf, header + 4) == type)
                {
                    long link = shoff + (U32(elf, header + 0x28) * 64L);
                    return ((long)U64(elf, header + 0x18), U32(elf, header + 0x2c), (long)U64(elf, link + 0x18));
                }
            }

            throw new InvalidDataException($"no section of type 0x{type:x}");
        }

        private static string Str(byte[] elf, long strtab, uint offset)
        {
            int start = checked((int)(strtab + offset));
            return System.Text.Encoding.ASCII.GetString(elf, start, Array.IndexOf(elf, (byte)0, start) - start);
        }

        private static ushort U16(byte[] elf, long at) => BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(checked((int)at)));

        private static uint U32(byte[] elf, long at) => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(checked((int)at)));

        private static ulong U64(byte[] elf, long at) => BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(checked((int)at)));
    }
}
