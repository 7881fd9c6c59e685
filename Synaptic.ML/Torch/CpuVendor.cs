using System.Runtime.Intrinsics.X86;

namespace Synaptic.ML.Torch;

/// <summary>The processor's vendor and the CPUID feature bits .NET does not expose.</summary>
internal static class CpuVendor
{
    /// <summary>The vendor string from CPUID leaf 0 ("GenuineIntel", "AuthenticAMD"), or "" off x86.</summary>
    public static string Name { get; } = ReadVendor();

    /// <summary>Whether this is an AMD processor.</summary>
    public static bool Amd => Name == "AuthenticAMD";

    /// <summary>Whether this is an Intel processor.</summary>
    public static bool Intel => Name == "GenuineIntel";

    /// <summary>Whether the processor has AVX512-VP2INTERSECT (CPUID leaf 7, EDX bit 8): on AMD, Zen 5.</summary>
    public static bool HasAvx512Vp2Intersect { get; } = X86Base.IsSupported && (X86Base.CpuId(7, 0).Edx & (1 << 8)) != 0;

    private static string ReadVendor()
    {
        if (!X86Base.IsSupported)
            return "";
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var bytes = new byte[12];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), ebx);
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), edx);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), ecx);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }
}
