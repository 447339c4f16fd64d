using System.Reflection;

namespace Orleans.Delivery.Testing;

/// <summary>Locates the repository the tests were built from.</summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "Orleans.Delivery.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding <c>Orleans.Delivery.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>tests/servers</c>: the npm project with the loopback S3 and SMTP servers.</summary>
    public static string TestServers => Path.Combine(Root, "tests", "servers");

    private static string FindRoot()
    {
        // The build-time location comes first: test binaries may live outside the repository (an artifacts path).
        var builtFrom = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Orleans.Delivery.RepositoryRoot")?.Value;
        string?[] starts = [builtFrom, AppContext.BaseDirectory, Environment.CurrentDirectory];
        foreach (var start in starts)
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find {SolutionFile} above {string.Join(", ", starts.Where(s => s is not null))}.");
    }
}
