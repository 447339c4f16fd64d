using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Orleans.Delivery.Testing.Servers;

/// <summary>
/// An S3-compatible server (s3rver) on 127.0.0.1, storing objects in a temp directory.
/// </summary>
/// <remarks>
/// s3rver checks a pre-signed URL's expiry but not its signature. The AWS SDK's streaming checksums must be off
/// (<see cref="ConfigureClient"/> does that); uploads need <c>UseChunkEncoding = false</c>.
/// Tests share <see cref="Shared"/> and isolate themselves with their own bucket; <see cref="CreateAsync"/>
/// gives a test a private server.
/// </remarks>
public sealed class S3Server : IAsyncDisposable
{
    /// <summary>Access key accepted by the server.</summary>
    public const string AccessKey = "S3RVER";

    /// <summary>Secret key accepted by the server.</summary>
    public const string SecretKey = "S3RVER";

    /// <summary>Region the clients sign for.</summary>
    public const string Region = "us-east-1";

    private static readonly Lazy<Task<S3Server>> LazyShared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NodeProcess _node;
    private readonly string _directory;

    private S3Server(NodeProcess node, string directory, int port)
    {
        _node = node;
        _directory = directory;
        Port = port;
        ServiceUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The server of this test process, started on first use.</summary>
    public static Task<S3Server> Shared => LazyShared.Value;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string ServiceUrl { get; }

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a private server; dispose it when done.</summary>
    public static async Task<S3Server> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orleans-delivery-s3-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var node = await NodeTools.StartScriptAsync("s3.js", ["0", directory]);
            using var ready = JsonDocument.Parse(node.ReadyPayload);
            // s3.js deletes the directory itself when it shuts down, also when this process dies first.
            return new S3Server(node, directory, ready.RootElement.GetProperty("port").GetInt32());
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Settings any client of this server needs: endpoint, path-style addressing, and checksums only when required.</summary>
    public void ConfigureClient(AmazonS3Config config)
    {
        config.ServiceURL = ServiceUrl;
        config.ForcePathStyle = true;
        config.AuthenticationRegion = Region;
        config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
        config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
    }

    /// <summary>A client for this server (dummy credentials, path-style, checksums when required).</summary>
    public AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config();
        ConfigureClient(config);
        return new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }

    /// <summary>Creates a bucket.</summary>
    public async Task CreateBucketAsync(string name)
    {
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
    }

    /// <summary>Stops the server and deletes its objects.</summary>
    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        DeleteDirectory(_directory);
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {ex.Message}");
        }
    }
}
