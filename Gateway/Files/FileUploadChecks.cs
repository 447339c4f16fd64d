using System.Buffers;
using Microsoft.Net.Http.Headers;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>The rules every store applies to uploads and minting, so the stores cannot drift apart.</summary>
internal static class FileUploadChecks
{
    public static FilePutResult? Refusal(string key, string contentType, long? length, long maxBytes)
    {
        if (!FileKey.IsValid(key))
        {
            return FilePutResult.Refused(
                FileErrorCodes.InvalidFileKey, FileKey.Rule);
        }

        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType.Trim(), out var parsed) || parsed.MatchesAllTypes)
        {
            return FilePutResult.Refused(FileErrorCodes.MissingContentType, "A content type such as application/pdf is required.");
        }

        if (length < 0)
        {
            return FilePutResult.Refused(FileErrorCodes.LengthMismatch, "The declared length is negative.");
        }

        // A declared length over the limit is refused before a byte is read.
        return length > maxBytes ? FilePutResult.TooLarge(maxBytes) : null;
    }

    /// <summary>Copies at most <paramref name="maxBytes"/>; more than that, or other than the declared length, is a refusal.</summary>
    public static async Task<CopyOutcome> CopyAsync(Stream source, Stream target, long? declared, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return new CopyOutcome(total, FilePutResult.TooLarge(maxBytes));
                }

                if (total > declared)
                {
                    return new CopyOutcome(total, LengthMismatch(declared.Value));
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return declared is { } expected && total != expected
                ? new CopyOutcome(total, LengthMismatch(expected))
                : new CopyOutcome(total, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <exception cref="ArgumentOutOfRangeException">The validity is not positive or longer than 7 days.</exception>
    public static TimeSpan ValidityOf(FileDownloadRequest request, TimeSpan defaultValidity)
    {
        var validity = request.Validity ?? defaultValidity;
        return validity <= TimeSpan.Zero || validity > FileStoreOptions.MaxDownloadUrlValidity
            ? throw new ArgumentOutOfRangeException(nameof(request), validity, "A download URL's validity must be more than zero and at most 7 days.")
            : validity;
    }

    private static FilePutResult LengthMismatch(long declared) =>
        FilePutResult.Refused(FileErrorCodes.LengthMismatch, $"The body's length differs from the declared {declared:N0} bytes.");

    public readonly record struct CopyOutcome(long Length, FilePutResult? Refusal);
}
