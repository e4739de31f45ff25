using NeuralHjb.Cli;

namespace NeuralHjb.Cli.Tests;

[Collection("Console")]
public class CommandLineTests
{
    [Fact]
    public void Selfcheck_passes_and_says_so()
    {
        var output = new StringWriter();
        SelfCheckCommand.Run(output).Should().Be(0);
        output.ToString().Should().Contain("first derivatives : ok").And.Contain("second derivatives: ok");
    }

    [Fact]
    public void Info_exits_zero()
    {
        Program.Main(["info"]).Should().Be(0);
    }

    [Fact]
    public void Unknown_command_exits_non_zero()
    {
        Program.Main(["no-such-command"]).Should().NotBe(0);
    }
}
