namespace NeuralHjb.Tests.Packaging;

/// <summary>
/// Packs NeuralHjb once into a temporary folder feed for every test of <see cref="PackageInstallTests"/>,
/// and creates fresh console apps that install the package from it, the way users do.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("neuralhjb-pack-");

    public PackedFeed()
    {
        Root = RepositoryRoot.Find();
        Feed = Path.Combine(_work.FullName, "feed");

        // A version of its own: NuGet's global cache keeps the first package it saw for a version, so
        // re-packing 0.1.0 would silently test a stale copy of the library.
        Version = "0.1.0-pkgtest." + Guid.NewGuid().ToString("N")[..12];
        var (code, log) = ProcessRunner.Run("dotnet", $"pack src/NeuralHjb -c {RepositoryRoot.Configuration} --no-build -p:Version={Version} -o \"{Feed}\"", Root);
        PackExitCode = code;
        PackLog = log;
    }

    /// <summary>The repository root.</summary>
    public string Root { get; }

    /// <summary>The version the package was packed with (unique to this test run).</summary>
    public string Version { get; }

    /// <summary>The folder holding the packed .nupkg.</summary>
    public string Feed { get; }

    /// <summary>Exit code of <c>dotnet pack</c>.</summary>
    public int PackExitCode { get; }

    /// <summary>Output of <c>dotnet pack</c>.</summary>
    public string PackLog { get; }

    /// <summary>
    /// A new console app folder (net10.0, nullable, implicit usings) with a nuget.config pointing at the
    /// feed and <c>dotnet add package NeuralHjb</c> done; returns its path and the add-package result.
    /// </summary>
    public (string App, int AddExitCode, string AddLog) CreateApp(string name)
    {
        var app = Path.Combine(_work.FullName, name);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="neuralhjb-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, name + ".csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        var (code, log) = ProcessRunner.Run("dotnet", $"add package NeuralHjb --version {Version}", app);
        return (app, code, log);
    }

    public void Dispose()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var dir in new[] { _work.FullName, Path.Combine(cache, "neuralhjb", Version.ToLowerInvariant()) })
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover folder is harmless.
            }
        }
    }
}
