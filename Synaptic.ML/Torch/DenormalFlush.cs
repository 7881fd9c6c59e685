using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Synaptic.ML.Torch;

/// <summary>
/// libtorch's flush-denormal switch (<c>torch.set_flush_denormal</c>, <c>at::Context::setFlushDenormal</c>), which
/// TorchSharp does not expose: with it on, the calling thread's floating-point unit treats subnormal numbers as zero
/// (x86's FTZ and DAZ flags). Training drives some values into the subnormal range — Adam's first moment of a
/// weight whose gradient stays zero (a dead ReLU unit) decays by β₁ = 0.9 a step through 1e-38…1e-45 — and every
/// operation on a subnormal float costs tens to a hundred times a normal one on x86; a DQN update on CartPole ran
/// about twice as slow overall (Adam eight times) until this was set. Values below 1.2e-38 become 0, far below
/// anything that changes a result.
/// </summary>
/// <remarks>
/// The flag is per thread, and a thread created while it is set inherits it (on x86-64 Linux a new thread starts
/// with its creator's floating-point control register). So work runs flushed on a thread of its own
/// (<see cref="Run{T}"/>) rather than by setting the flag on the caller's thread, where threads the application
/// creates meanwhile — thread-pool workers among them — would keep it.
/// </remarks>
internal static class DenormalFlush
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool SetFlushDenormal(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool on);

    private static readonly Lazy<(GlobalContext Context, SetFlushDenormal Set)?> Exports = new(Resolve);

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own that flushes subnormals to zero, and returns its result (or
    /// rethrows its exception) on the calling thread, which is left as it was. Where flushing is not supported the work
    /// runs on that thread unflushed.
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    public static T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        var thread = new Thread(() =>
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
            TrySet(true);
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                // Carried to the calling thread and rethrown there with its stack trace.
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 16 << 20)
        {
            Name = "Synaptic.ML training (subnormals flushed)",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Turns flushing on or off on the calling thread; false where libtorch or the CPU does not support it.</summary>
    /// <param name="on">Whether subnormals are flushed to zero.</param>
    /// <returns>Whether the setting took effect.</returns>
    public static bool TrySet(bool on) => Exports.Value is { } exports && exports.Set(exports.Context(), on);

    private static (GlobalContext, SetFlushDenormal)? Resolve()
    {
        // The C++ entry points of libtorch_cpu (Itanium-mangled): at::globalContext() and at::Context::setFlushDenormal(bool).
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(torch).Assembly, DllImportSearchPath.AssemblyDirectory, out var library)
            && !NativeLibrary.TryLoad("libtorch_cpu", typeof(torch).Assembly, null, out library))
            return null;
        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var context)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context16setFlushDenormalEb", out var set))
            return null;
        return (Marshal.GetDelegateForFunctionPointer<GlobalContext>(context), Marshal.GetDelegateForFunctionPointer<SetFlushDenormal>(set));
    }
}
