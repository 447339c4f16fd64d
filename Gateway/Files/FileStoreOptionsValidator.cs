using Microsoft.Extensions.Options;

namespace Orleans.Delivery.Gateway.Files;

/// <summary>Validates <see cref="FileStoreOptions"/> at start-up, so a misconfigured store fails before the first buyer.</summary>
public sealed class FileStoreOptionsValidator : IValidateOptions<FileStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, FileStoreOptions options)
    {
        var failures = new List<string>();
        if (options.MaxUploadBytes < 1)
        {
            failures.Add("Files:MaxUploadBytes must be positive.");
        }

        if (options.DownloadUrlValidity <= TimeSpan.Zero || options.DownloadUrlValidity > FileStoreOptions.MaxDownloadUrlValidity)
        {
            failures.Add("Files:DownloadUrlValidity must be more than zero and at most 7 days.");
        }

        switch (options.Provider)
        {
            case FileStoreProvider.Local:
                ValidateLocal(options.Local, failures);
                break;
            case FileStoreProvider.S3:
                ValidateS3(options.S3, failures);
                break;
            default:
                failures.Add("Files:Provider must be Local or S3.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static FileStoreOptions ValidOrThrow(FileStoreOptions options)
    {
        var result = new FileStoreOptionsValidator().Validate(null, options);
        return result.Failed
            ? throw new OptionsValidationException(nameof(FileStoreOptions), typeof(FileStoreOptions), result.Failures)
            : options;
    }

    private static void ValidateLocal(LocalFileStoreOptions local, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(local.RootPath))
        {
            failures.Add("Files:Local:RootPath is required.");
        }

        if (!Uri.TryCreate(local.PublicBaseUrl, UriKind.Absolute, out var baseUrl)
            || baseUrl.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            failures.Add("Files:Local:PublicBaseUrl must be an absolute http(s) URL without query or fragment, e.g. https://shop.example.com.");
        }

        if (!string.IsNullOrEmpty(local.Secret))
        {
            if (local.Secret.Length < PersistedSecret.MinLength)
            {
                failures.Add($"Files:Local:Secret must be at least {PersistedSecret.MinLength} characters.");
            }
        }
        else if (string.IsNullOrWhiteSpace(local.SecretFile))
        {
            failures.Add("Files:Local needs a Secret or a SecretFile to sign its URLs with.");
        }
    }

    private static void ValidateS3(S3FileStoreOptions s3, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(s3.Bucket))
        {
            failures.Add("Files:S3:Bucket is required.");
        }

        if (string.IsNullOrWhiteSpace(s3.Region))
        {
            failures.Add("Files:S3:Region is required.");
        }

        if (s3.ServiceUrl is { Length: > 0 } serviceUrl
            && (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            failures.Add("Files:S3:ServiceUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            failures.Add("Files:S3:AccessKey and Files:S3:SecretKey go together: set both, or neither to use the AWS default credentials.");
        }
    }
}
