using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>
/// A signing secret generated once and kept in a file, for the single-node default where nobody configured one.
/// Production configures its secrets (<c>Links:Secret</c>, <c>Files:Local:Secret</c>) so that every process signs
/// alike; a file-kept secret only suits one machine.
/// </summary>
public static class PersistedSecret
{
    /// <summary>Secrets shorter than this are refused (a generated one is 43 characters: 32 random bytes, base64url).</summary>
    public const int MinLength = 32;

    /// <summary>The secret in <paramref name="path"/>; when the file does not exist, a new random one, written there first.</summary>
    /// <exception cref="InvalidOperationException">The file exists but holds fewer than <see cref="MinLength"/> characters.</exception>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            Create(full);
        }

        var secret = File.ReadAllText(full, Encoding.UTF8).Trim();
        return secret.Length >= MinLength
            ? secret
            : throw new InvalidOperationException($"The secret file {full} holds fewer than {MinLength} characters; delete it to have a new one generated.");
    }

    /// <summary>The UTF-8 bytes a secret is used as an HMAC key with.</summary>
    public static byte[] KeyBytes(string secret) => Encoding.UTF8.GetBytes(secret);

    private static void Create(string full)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            // A final newline, so that `cat` shows the secret on a line of its own; reading trims it.
            stream.Write(Encoding.UTF8.GetBytes(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)) + "\n"));
        }

        try
        {
            // Written whole, then moved into place without overwriting: two processes starting together both end up
            // reading the one that won, never a half-written file.
            File.Move(temporary, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temporary);
        }
    }
}
