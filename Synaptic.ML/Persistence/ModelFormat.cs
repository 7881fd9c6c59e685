namespace Synaptic.ML.Persistence;

/// <summary>
/// The identity and version of one kind of Synaptic.ML model, as written into the header of its
/// entry when a transformer is saved with <c>MLContext.Model.Save</c>, and checked when it is loaded.
/// </summary>
/// <remarks>
/// <para>
/// A model written with <see cref="CurrentVersion"/> = <c>W</c> and <see cref="MinimumReaderVersion"/> = <c>R</c>
/// declares that any reader whose current version is at least <c>R</c> can read it. A reader accepts a stored
/// model when the model's readable version is not above the reader's <see cref="CurrentVersion"/> and the
/// model's written version is not below the reader's <see cref="OldestReadableVersion"/>.
/// </para>
/// <para>
/// Raise <see cref="CurrentVersion"/> on every change of the stored layout. When older readers can no longer
/// read what is written now, raise <see cref="MinimumReaderVersion"/> to the new version (an older library then
/// says "upgrade" instead of misreading the model); raise <see cref="OldestReadableVersion"/> only when this
/// library stops reading what older ones wrote.
/// </para>
/// </remarks>
/// <param name="ModelSignature">Exactly eight printable ASCII characters naming the layout of the model entry,
/// for example <c>"SYNSPKEN"</c>; not all spaces.</param>
/// <param name="CurrentVersion">The version this library writes.</param>
/// <param name="OldestReadableVersion">The oldest version this library still reads; at most <paramref name="CurrentVersion"/>.
/// Unless <paramref name="MinimumReaderVersion"/> is given, it is also written as the oldest reader version able to read
/// what this library writes.</param>
/// <param name="LoaderSignature">The name under which the loader is registered with ML.NET and found again at load time,
/// unique among all ML.NET loaders (compared case-insensitively). Not empty or white space; to be saved it must be
/// at most <see cref="MaxLoaderSignatureLength"/> printable ASCII characters without spaces, which saving checks.</param>
/// <param name="MinimumReaderVersion">The oldest reader version able to read what this library writes; null for
/// <paramref name="OldestReadableVersion"/>. At most <paramref name="CurrentVersion"/>.</param>
/// <exception cref="ArgumentNullException">A signature is <see langword="null"/>.</exception>
/// <exception cref="ArgumentException">The model signature is not eight printable ASCII characters, the loader signature
/// is empty or white space, or <paramref name="OldestReadableVersion"/> is greater than <paramref name="CurrentVersion"/>.</exception>
public sealed record ModelFormat(string ModelSignature, uint CurrentVersion, uint OldestReadableVersion, string LoaderSignature, uint? MinimumReaderVersion = null)
{
    /// <summary>The oldest reader version able to read what this library writes, when it differs from <see cref="OldestReadableVersion"/>.</summary>
    public uint? MinimumReaderVersion { get; } = ValidateMinimumReader(MinimumReaderVersion, CurrentVersion);

    /// <summary>Deconstructs the four fields the format had before <see cref="MinimumReaderVersion"/> (source compatibility).</summary>
    /// <param name="modelSignature">The model signature.</param>
    /// <param name="currentVersion">The version written.</param>
    /// <param name="oldestReadableVersion">The oldest version read.</param>
    /// <param name="loaderSignature">The loader signature.</param>
    public void Deconstruct(out string modelSignature, out uint currentVersion, out uint oldestReadableVersion, out string loaderSignature) =>
        (modelSignature, currentVersion, oldestReadableVersion, loaderSignature) = (ModelSignature, CurrentVersion, OldestReadableVersion, LoaderSignature);

    /// <summary>The oldest reader version written into the model's header.</summary>
    internal uint ReaderVersionWritten => MinimumReaderVersion ?? OldestReadableVersion;

    /// <summary>The number of characters of a model signature.</summary>
    public const int ModelSignatureLength = 8;

    /// <summary>The longest loader signature ML.NET's model header can hold; checked when a model is saved.</summary>
    public const int MaxLoaderSignatureLength = 24;

    /// <summary>Exactly eight printable ASCII characters naming the layout of the model entry.</summary>
    public string ModelSignature { get; } = ValidateModelSignature(ModelSignature);

    /// <summary>The version this library writes.</summary>
    public uint CurrentVersion { get; } = CurrentVersion;

    /// <summary>The oldest version this library still reads, and the oldest reader version able to read what it writes.</summary>
    public uint OldestReadableVersion { get; } = ValidateOldestReadable(OldestReadableVersion, CurrentVersion);

    /// <summary>The name under which the loader is registered with ML.NET and found again at load time.</summary>
    public string LoaderSignature { get; } = ValidateLoaderSignature(LoaderSignature);

    private static string ValidateModelSignature(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature, nameof(ModelSignature));
        if (signature.Length != ModelSignatureLength)
        {
            throw new ArgumentException(
                $"The model signature must be exactly {ModelSignatureLength} characters; '{signature}' has {signature.Length}.",
                nameof(ModelSignature));
        }

        if (!IsPrintableAscii(signature, allowSpace: true) || string.IsNullOrWhiteSpace(signature))
        {
            throw new ArgumentException(
                $"The model signature '{signature}' must consist of printable ASCII characters and must not be all spaces.",
                nameof(ModelSignature));
        }

        return signature;
    }

    private static uint? ValidateMinimumReader(uint? minimumReader, uint current) =>
        minimumReader is null || minimumReader <= current
            ? minimumReader
            : throw new ArgumentException(
                $"The minimum reader version (0x{minimumReader:X8}) must not be greater than the current version (0x{current:X8}).",
                nameof(MinimumReaderVersion));

    private static uint ValidateOldestReadable(uint oldestReadable, uint current)
    {
        if (oldestReadable > current)
        {
            throw new ArgumentException(
                $"The oldest readable version (0x{oldestReadable:X8}) must not be greater than the current version (0x{current:X8}).",
                nameof(OldestReadableVersion));
        }

        return oldestReadable;
    }

    private static string ValidateLoaderSignature(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature, nameof(LoaderSignature));
        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new ArgumentException("The loader signature must not be empty or white space.", nameof(LoaderSignature));
        }

        return signature;
    }

    /// <summary>Whether <paramref name="signature"/> fits ML.NET's model header: 1 to 24 printable ASCII characters, no spaces.</summary>
    internal static bool IsSavableLoaderSignature(string signature) =>
        signature.Length is > 0 and <= MaxLoaderSignatureLength && IsPrintableAscii(signature, allowSpace: false);

    private static bool IsPrintableAscii(string value, bool allowSpace)
    {
        foreach (char c in value)
        {
            if (c > '~' || c < (allowSpace ? ' ' : '!'))
            {
                return false;
            }
        }

        return true;
    }
}
