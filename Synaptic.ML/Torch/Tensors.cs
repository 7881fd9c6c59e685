using static TorchSharp.torch;

namespace Synaptic.ML.Torch;

/// <summary>
/// Tensors from managed arrays, copied into libtorch's own (64-byte aligned) memory. A tensor that wraps a
/// managed array inherits the array's alignment, which changes from run to run and with it the split between
/// vectorised and scalar loops in libtorch's kernels, and so the last bits of results: copying keeps training
/// bit-reproducible for a seed.
/// </summary>
internal static class Tensors
{
    public static Tensor Copy(ReadOnlySpan<float> values, params long[] shape)
    {
        var result = empty(shape);
        result.data<float>().CopyFrom(values, 0, 0);
        return result;
    }

    public static Tensor Copy(float[] values, params long[] shape) => Copy(values.AsSpan(), shape);
}
