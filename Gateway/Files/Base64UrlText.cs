using System.Buffers.Text;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>Base64url decoding of untrusted text that answers false, never throws.</summary>
internal static class Base64UrlText
{
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        // Base64Url.TryDecodeFromChars answers false only when the destination is too small; invalid text throws.
        if (!Base64Url.IsValid(text, out var length) || length > destination.Length)
        {
            written = 0;
            return false;
        }

        return Base64Url.TryDecodeFromChars(text, destination, out written);
    }
}
