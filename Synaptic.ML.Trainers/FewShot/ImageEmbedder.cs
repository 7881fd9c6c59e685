using Synaptic.ML.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Synaptic.ML.Trainers;

/// <summary>
/// A backbone bound to an image size: turns images (pixels in [0, 1], row-major) into embeddings, with or
/// without gradients, and saves and loads its description and weights.
/// </summary>
internal sealed class ImageEmbedder
{
    private readonly object _gate = new();

    public ImageEmbedder(BackboneOptions options, int height, int width, ulong seed)
    {
        options.Validate();
        Options = options;
        Height = height;
        Width = width;
        EmbeddingSize = options.EmbeddingSize(height, width);
        using var generator = new Generator(seed);
        Module = options.Create(height, width, generator);
    }

    /// <summary>Binds an existing backbone module (one that <paramref name="options"/> built) to an image size.</summary>
    public ImageEmbedder(BackboneOptions options, int height, int width, nn.Module<Tensor, Tensor> module)
    {
        options.Validate();
        Options = options;
        Height = height;
        Width = width;
        EmbeddingSize = options.EmbeddingSize(height, width);
        Module = module;
    }

    public BackboneOptions Options { get; }

    public int Height { get; }

    public int Width { get; }

    public int PixelsPerImage => Height * Width;

    public int EmbeddingSize { get; }

    public nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>Embeddings [count, D] of images given back to back, on the autograd graph.</summary>
    public Tensor Embed(ReadOnlySpan<float> pixels, int count) =>
        Module.forward(Tensors.Copy(pixels, count, 1, Height, Width));

    /// <summary>Embeddings of images given back to back, written into <paramref name="embeddings"/> ([count·D]).</summary>
    public void Embed(ReadOnlySpan<float> pixels, int count, Span<float> embeddings)
    {
        lock (_gate)
        {
            using var scope = InferenceScope.Enter();
            var training = Module.training;
            Module.eval();
            Embed(pixels, count).data<float>().CopyTo(embeddings);
            if (training)
                Module.train();
        }
    }

    public void Write(BinaryWriter writer)
    {
        Options.Write(writer);
        writer.Write(Height);
        writer.Write(Width);
        Module.save(writer);
    }

    public static ImageEmbedder Read(BinaryReader reader)
    {
        var options = BackboneOptions.Read(reader);
        var height = reader.ReadInt32();
        var width = reader.ReadInt32();
        if (height <= 0 || width <= 0 || height > 4096 || width > 4096)
            throw new InvalidDataException($"A saved backbone is bound to images of {height}×{width}.");
        var embedder = new ImageEmbedder(options, height, width, 0);
        embedder.Module.load(reader, strict: true);
        return embedder;
    }
}
