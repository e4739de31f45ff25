namespace NeuralHjb.Tests.Packaging;

/// <summary>
/// The path users take: pack NeuralHjb (once, <see cref="PackedFeed"/>), create a fresh console app,
/// `dotnet add package NeuralHjb` from the packed folder, build and run code that calls the public
/// API; and every ```csharp snippet of README.md and docs/**/*.md compiles against the same package.
/// </summary>
public class PackageInstallTests : IClassFixture<PackedFeed>
{
    private readonly PackedFeed _feed;

    public PackageInstallTests(PackedFeed feed) => _feed = feed;

    [Fact]
    public void A_fresh_console_app_installs_the_packed_package_and_calls_the_engine()
    {
        _feed.PackExitCode.Should().Be(0, _feed.PackLog);
        Directory.GetFiles(_feed.Feed, "NeuralHjb.*.nupkg").Should().ContainSingle();
        var (app, addCode, addLog) = _feed.CreateApp("app");
        addCode.Should().Be(0, addLog);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using NeuralHjb.Autodiff;
            using NeuralHjb.Tensors;

            var x = Tensor.FromArray(new[] { 0.5, -1.0, 2.0 }).RequireGrad();
            var y = x.Tanh().Square().Sum();
            var g = Autograd.Grad(y, x);
            Console.WriteLine($"ok {y.Item():F6} {g[0]:F6} {NeuralHjb.NeuralHjbInfo.Version}");
            """);

        var (runCode, runLog) = ProcessRunner.Run("dotnet", "run -c Release", app);
        runCode.Should().Be(0, runLog);

        // tanh(0.5)^2 + tanh(-1)^2 + tanh(2)^2 and d/dx tanh(x)^2 = 2 tanh(x)(1 - tanh(x)^2) at 0.5.
        var expected = Math.Pow(Math.Tanh(0.5), 2) + Math.Pow(Math.Tanh(-1.0), 2) + Math.Pow(Math.Tanh(2.0), 2);
        var dx = 2 * Math.Tanh(0.5) * (1 - Math.Pow(Math.Tanh(0.5), 2));
        runLog.Should().Contain(FormattableString.Invariant($"ok {expected:F6} {dx:F6}"));
    }

    [Fact]
    public void Every_csharp_snippet_in_the_docs_compiles_against_the_packed_package()
    {
        _feed.PackExitCode.Should().Be(0, _feed.PackLog);
        var snippets = DocSnippets.Find(_feed.Root);
        snippets.Should().NotBeEmpty("README.md and docs/ hold csharp snippets");
        var (app, addCode, addLog) = _feed.CreateApp("snippets");
        addCode.Should().Be(0, addLog);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "internal static class Program { public static void Main() { } }\n");
        for (var i = 0; i < snippets.Count; i++)
        {
            File.WriteAllText(Path.Combine(app, $"Snippet{i:D3}.cs"), DocSnippets.ToCompilationUnit(snippets[i], i));
        }

        // One build for all snippets; #line directives make errors point at the Markdown file and line.
        var (buildCode, buildLog) = ProcessRunner.Run("dotnet", "build -c Release -nologo -clp:ErrorsOnly", app);
        buildCode.Should().Be(0, "every ```csharp block must compile as written (errors name the .md file and line):\n" + buildLog);
    }
}
