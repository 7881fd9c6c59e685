using System.Runtime.InteropServices;

namespace Synaptic.ML.Torch;

/// <summary>
/// The C library calls Synaptic.ML makes on Linux and macOS: <c>setenv</c>, for settings native libraries read from
/// the process's environment (which <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not
/// reach), and glibc's <c>mallopt</c>.
/// </summary>
internal static class Libc
{
    /// <summary>Whether this platform has a C library with <c>setenv</c> (Linux, macOS).</summary>
    public static bool HasSetEnvironment => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Sets a variable in the process's C environment; <paramref name="overwrite"/> false keeps a value already there.</summary>
    /// <returns>Whether the call succeeded.</returns>
    /// <exception cref="PlatformNotSupportedException">Not on Linux or macOS.</exception>
    public static bool SetEnvironment(string name, string value, bool overwrite)
    {
        if (!HasSetEnvironment)
            throw new PlatformNotSupportedException($"setenv({name}) needs Linux or macOS; this is {RuntimeInformation.OSDescription}.");
        return SetEnv(name, value, overwrite ? 1 : 0) == 0;
    }

    /// <summary>
    /// glibc's <c>mallopt(option, value)</c>: true when the call succeeded, false when it refused the value, null
    /// where the C library is not glibc (musl, macOS, Windows), which has no such call or ignores it.
    /// </summary>
    public static bool? SetMallocOption(int option, int value)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc))
            return null;
        if (!NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _) || !NativeLibrary.TryGetExport(libc, "mallopt", out var mallopt))
            return null;
        return Marshal.GetDelegateForFunctionPointer<MallOpt>(mallopt)(option, value) == 1;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MallOpt(int option, int value);

    [DllImport("libc", EntryPoint = "setenv", CallingConvention = CallingConvention.Cdecl)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPStr)] string name, [MarshalAs(UnmanagedType.LPStr)] string value, int overwrite);
}
