namespace Synaptic.ML.Trainers;

/// <summary>The size of what a stack of (convolution → 2×2 max-pool) layers makes of an image: the backbones' and the spiking classifiers' convolutions.</summary>
internal static class ConvolutionPoolShape
{
    /// <summary>Values per image after the stack (the last layer's channels × height × width), flattened.</summary>
    /// <exception cref="ArgumentException">The images are too small for the convolutions and pools.</exception>
    public static int OutputSize(int[] channels, int kernelSize, int padding, int height, int width)
    {
        var (h, w) = (height, width);
        foreach (var _ in channels)
        {
            h = (h + 2 * padding - kernelSize + 1) / 2;
            w = (w + 2 * padding - kernelSize + 1) / 2;
            if (h <= 0 || w <= 0)
                throw new ArgumentException(
                    $"Images of {height}×{width} are too small for {channels.Length} convolutions of kernel {kernelSize} with padding {padding}, each followed by a 2×2 max-pool; use a larger Padding or a smaller KernelSize.");
        }
        return channels[^1] * h * w;
    }
}
