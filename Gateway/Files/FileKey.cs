namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// Object keys of product files: segments of <c>[A-Za-z0-9._-]</c> joined by '/', none empty and none starting with
/// '.', each at most 200 characters, at most 512 in all. The same rule holds for every store, so a key that works on
/// the local store works on S3, and a key can never climb out of the local store's folder ("..", absolute paths,
/// backslashes) nor name a file the file system cannot hold (a name is at most 255 bytes, and the local store adds a
/// suffix to keep the content type beside it).
/// </summary>
public static class FileKey
{
    public const int MaxLength = 512;

    public const int MaxSegmentLength = 200;

    /// <summary>The rule, as a sentence for an error message.</summary>
    public const string Rule =
        "A file key is 1 to 512 characters: segments of at most 200 letters, digits, '.', '_' and '-' joined by '/', none empty or starting with '.'.";

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            // A leading '.' rules out ".", ".." and hidden files, where the local store keeps its own bookkeeping.
            if (segment.Length is 0 or > MaxSegmentLength || segment[0] == '.')
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <exception cref="ArgumentException">The key is not valid.</exception>
    public static void ThrowIfInvalid(string? key, string parameterName)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException(Rule, parameterName);
        }
    }
}
