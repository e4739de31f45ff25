namespace NeuralHjb.Tests.MarketData;

/// <summary>
/// A fact that runs only when a file exists at a path relative to the repository root (the nearest
/// ancestor of the test binaries holding <c>NeuralHjb.sln</c>); otherwise xunit reports it as skipped.
/// Used for data that must not be committed, such as <c>../shared/data/spy_1min.csv</c>.
/// </summary>
public sealed class RequiresFileFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless <paramref name="relativeToRepoRoot"/> exists.</summary>
    /// <param name="relativeToRepoRoot">Path relative to the repository root, e.g. <c>../shared/data/spy_1min.csv</c>.</param>
    public RequiresFileFactAttribute(string relativeToRepoRoot)
    {
        RelativePath = relativeToRepoRoot;
        if (Resolve(relativeToRepoRoot) is null)
        {
            Skip = $"Needs {relativeToRepoRoot} relative to the repository root; not present here.";
        }
    }

    /// <summary>The path this fact needs, relative to the repository root.</summary>
    public string RelativePath { get; }

    /// <summary>The repository root: the nearest ancestor of the test binaries that holds NeuralHjb.sln.</summary>
    public static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralHjb.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="relativeToRepoRoot"/> if the file exists, else null.</summary>
    public static string? Resolve(string relativeToRepoRoot)
    {
        string? root = RepoRoot();
        if (root is null)
        {
            return null;
        }

        string full = Path.GetFullPath(Path.Combine(root, relativeToRepoRoot));
        return File.Exists(full) ? full : null;
    }
}
