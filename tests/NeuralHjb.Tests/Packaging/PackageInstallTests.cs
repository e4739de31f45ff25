namespace NeuralHjb.Tests.Packaging;

/// <summary>
/// The path users take: pack NeuralHjb, create a fresh console app, `dotnet add package NeuralHjb`
/// from the packed folder, build and run code that calls the public API.
/// </summary>
public class PackageInstallTests
{
    [Fact]
    public void A_fresh_console_app_installs_the_packed_package_and_calls_the_engine()
    {
        var root = RepositoryRoot.Find();
        var work = Directory.CreateTempSubdirectory("neuralhjb-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var (packCode, packLog) = ProcessRunner.Run("dotnet", $"pack src/NeuralHjb -c {RepositoryRoot.Configuration} --no-build -o \"{feed}\"", root);
            packCode.Should().Be(0, packLog);
            Directory.GetFiles(feed, "NeuralHjb.*.nupkg").Should().ContainSingle();

            var app = Path.Combine(work.FullName, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="neuralhjb-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "app.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using NeuralHjb.Autodiff;
                using NeuralHjb.Tensors;

                var x = Tensor.FromArray(new[] { 0.5, -1.0, 2.0 }).RequireGrad();
                var y = x.Tanh().Square().Sum();
                var g = Autograd.Grad(y, x);
                Console.WriteLine($"ok {y.Item():F6} {g[0]:F6} {NeuralHjb.NeuralHjbInfo.Version}");
                """);

            var (addCode, addLog) = ProcessRunner.Run("dotnet", "add package NeuralHjb --prerelease", app);
            addCode.Should().Be(0, addLog);
            var (runCode, runLog) = ProcessRunner.Run("dotnet", "run -c Release", app);
            runCode.Should().Be(0, runLog);

            // tanh(0.5)^2 + tanh(-1)^2 + tanh(2)^2 and d/dx tanh(x)^2 = 2 tanh(x)(1 - tanh(x)^2) at 0.5.
            var expected = Math.Pow(Math.Tanh(0.5), 2) + Math.Pow(Math.Tanh(-1.0), 2) + Math.Pow(Math.Tanh(2.0), 2);
            var dx = 2 * Math.Tanh(0.5) * (1 - Math.Pow(Math.Tanh(0.5), 2));
            runLog.Should().Contain(FormattableString.Invariant($"ok {expected:F6} {dx:F6}"));
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
