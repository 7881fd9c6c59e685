namespace Synaptic.ML.Torch;

/// <summary>What is known about a failed load of TorchSharp's native libraries; <see cref="TorchRuntime"/> words its message from it.</summary>
/// <param name="IsLinux">Whether the process runs on Linux.</param>
/// <param name="IsSingleFile">Whether the application is a single-file bundle.</param>
/// <param name="Folder">The folder of TorchSharp.dll (of the application, for a single-file bundle).</param>
/// <param name="Library">The libLibTorchSharp.so found in <paramref name="Folder"/> or its runtimes/&lt;rid&gt;/native folder; null if none.</param>
/// <param name="LoaderError">The dynamic loader's reason for refusing <paramref name="Library"/>; null when it loads or was not tried.</param>
internal readonly record struct NativeLoadFacts(bool IsLinux, bool IsSingleFile, string Folder, string? Library, string? LoaderError);
