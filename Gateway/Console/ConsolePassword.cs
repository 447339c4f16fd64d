using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Console;

/// <summary>
/// Checks a submitted password against <see cref="ConsoleOptions.Password"/> by comparing PBKDF2 hashes in constant
/// time, so neither the comparison's duration nor a memory dump of a request shows the password itself.
/// </summary>
public sealed class ConsolePassword
{
    private const int Iterations = 100_000;
    private readonly byte[] salt = RandomNumberGenerator.GetBytes(16);
    private readonly byte[]? expected;

    public ConsolePassword(IOptions<ConsoleOptions> options)
    {
        expected = string.IsNullOrEmpty(options.Value.Password) ? null : Hash(options.Value.Password);
    }

    /// <summary>Whether operators can log in at all (a password is configured).</summary>
    public bool IsConfigured => expected is not null;

    public bool Matches(string? attempt) =>
        expected is not null && attempt is { Length: > 0 and <= 1024 } && CryptographicOperations.FixedTimeEquals(Hash(attempt), expected);

    private byte[] Hash(string password) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
