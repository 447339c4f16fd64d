using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.EndToEnd.Tests.Delivery;

/// <summary>
/// The verification the README shows merchants ("Verifying a call"), line for line, so a test proves that what we tell
/// merchants works. The README's version also refuses a webhook-timestamp far from the merchant's clock; the tests run
/// on a clock of their own, so that line is left out here.
/// </summary>
internal static class ReadmeWebhookVerification
{
    public static bool Verify(string secret, IReadOnlyDictionary<string, string> headers, byte[] content)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{headers["webhook-id"]}.{headers["webhook-timestamp"]}.");
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed.Concat(content).ToArray())));
        return headers["webhook-signature"].Split(' ')
            .Any(signature => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), expected));
    }
}
