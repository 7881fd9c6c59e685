using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Synaptic.ML.Persistence;

namespace Synaptic.ML.Trainers;

/// <summary>
/// Builds an <see cref="ImageFeaturizerTransformer"/> with seeded random weights for the image size of the input
/// column (its dimensions [H, W], or a square). <c>Transforms.SpikingFeaturizer</c> and <c>Transforms.ConvFeaturizer</c> return it.
/// </summary>
public sealed class ImageFeaturizerEstimator : IEstimator<ImageFeaturizerTransformer>
{
    private readonly IHost _host;
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly BackboneOptions _backbone;
    private readonly int _seed;
    private readonly int _batchSize;

    internal ImageFeaturizerEstimator(IHostEnvironment env, string outputColumnName, string inputColumnName, BackboneOptions backbone, int? seed,
        int batchSize = ImageFeaturizerTransformer.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        ArgumentNullException.ThrowIfNull(backbone);
        backbone.Validate();
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size is {batchSize}; a featurizer embeds at least 1 image per forward.");
        _host = env.Register(nameof(ImageFeaturizerEstimator));
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _backbone = backbone;
        _seed = seed ?? _host.Rand.Next();
        _batchSize = batchSize;
    }

    /// <summary>Builds the featurizer for the input's image size.</summary>
    /// <param name="input">Data with the image column.</param>
    /// <returns>The featurizer.</returns>
    public ImageFeaturizerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureAvailable();
        var column = input.Schema.GetColumnOrNull(_inputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Image column '{_inputColumnName}' is not in the schema (columns: {string.Join(", ", input.Schema.Select(c => c.Name))}).");
        var (height, width) = ImageSize(column);
        var embedder = new ImageEmbedder(_backbone, height, width, (ulong)(uint)_seed);
        embedder.Module.eval();
        return new ImageFeaturizerTransformer(_host, _outputColumnName, _inputColumnName, embedder, null, _batchSize);
    }

    /// <summary>The input schema plus the embedding column.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => OutputSchema(inputSchema, _inputColumnName, _outputColumnName, nameof(ImageFeaturizerEstimator));

    internal static SchemaShape OutputSchema(SchemaShape inputSchema, string imageColumnName, string embeddingColumnName, string component)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var input = inputSchema.Where(c => c.Name == imageColumnName).ToArray();
        if (input.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{component}: image column '{imageColumnName}' is not in the schema.");
        if (input[^1].Kind != SchemaShape.Column.VectorKind.Vector || input[^1].ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"{component}: image column '{imageColumnName}' must be a known-size vector of Single.");
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(embeddingColumnName, new VectorDataViewType(NumberDataViewType.Single, 1));
        var output = MlNetModelIO.CreateSchemaShape(builder.ToSchema()).Single();
        return new SchemaShape(inputSchema.Where(c => c.Name != embeddingColumnName).Append(output));
    }

    internal static (int Height, int Width) ImageSize(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, IsKnownSize: true } vector || item != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(column), $"Image column '{column.Name}' must be a known-size vector of Single; it is {column.Type}.");
        if (vector.Dimensions.Length == 2)
            return (vector.Dimensions[0], vector.Dimensions[1]);
        var side = (int)Math.Round(Math.Sqrt(vector.Size));
        if (side * side != vector.Size)
            throw new ArgumentOutOfRangeException(nameof(column),
                $"Image column '{column.Name}' has {vector.Size} values without [H, W] dimensions, and that is not a square image.");
        return (side, side);
    }
}
