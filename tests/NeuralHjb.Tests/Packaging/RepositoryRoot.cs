namespace NeuralHjb.Tests.Packaging;

/// <summary>Locates the repository root (the folder holding NeuralHjb.sln) from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NeuralHjb.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NeuralHjb.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The build configuration these tests were compiled in (Debug or Release).</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
}
