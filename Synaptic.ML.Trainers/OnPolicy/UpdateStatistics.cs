namespace Synaptic.ML.Trainers;

/// <summary>What an algorithm's update reports (means over its gradient steps).</summary>
internal readonly record struct UpdateStatistics(double PolicyLoss, double ValueLoss, double Entropy, double ApproximateKl = double.NaN, double ClipFraction = double.NaN);
