using Microsoft.ML;
using Synaptic.ML.Trainers;

namespace Synaptic.ML.Samples.Cli;

/// <summary>What a run made: the model, the schema it is saved with, and the run's keyed metrics.</summary>
/// <param name="Model">The trained transformer.</param>
/// <param name="InputSchema">The schema to save it with (null when the model takes no input columns).</param>
/// <param name="History">The run's history, or null when the trainer keeps none.</param>
public sealed record TrainedModel(ITransformer Model, DataViewSchema? InputSchema, TrainingHistory? History);
