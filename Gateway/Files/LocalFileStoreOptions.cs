namespace Orleans.Delivery.Gateway.Files;

/// <summary>The local file store (section <c>Files:Local</c>), the single-node default.</summary>
public sealed class LocalFileStoreOptions
{
    /// <summary>
    /// The folder holding the files, a file under key <c>ebooks/guide.pdf</c> at <c>{RootPath}/ebooks/guide.pdf</c>.
    /// Relative paths are relative to the working directory. Default <c>./data/files</c>.
    /// </summary>
    public string RootPath { get; set; } = "./data/files";

    /// <summary>
    /// The gateway's public address, as buyers reach it; minted URLs are <c>{PublicBaseUrl}/files/{key}?…</c>.
    /// Default <c>http://localhost:5000</c>.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>
    /// The secret file URLs are signed with (HMAC-SHA256), at least 32 characters. Default: none, in which case
    /// <see cref="SecretFile"/> is used.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Where the secret is kept when <see cref="Secret"/> is not set: read if it exists, otherwise 32 random bytes are
    /// generated and written there (owner-only permissions). Default <c>./data/file-url.key</c>. A local store lives on
    /// one machine, so a secret of that machine is enough.
    /// </summary>
    public string SecretFile { get; set; } = "./data/file-url.key";
}
