namespace Synaptic.ML.Persistence;

/// <summary>Identity and version range of one Synaptic model kind.</summary>
/// <param name="ModelSignature">Eight characters.</param>
/// <param name="CurrentVersion">Version written.</param>
/// <param name="OldestReadableVersion">Oldest version read.</param>
/// <param name="LoaderSignature">ML.NET loader signature.</param>
public sealed record ModelFormat(string ModelSignature, uint CurrentVersion, uint OldestReadableVersion, string LoaderSignature);
