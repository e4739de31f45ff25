using System.CommandLine;
using NeuralHjb.Kernels;

namespace NeuralHjb.Cli;

/// <summary><c>neuralhjb info</c>: version, SIMD support and threading.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var cmd = new Command("info", "Print the library version, SIMD support and thread settings.");
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"NeuralHjb {NeuralHjbInfo.Version}");
            output.WriteLine($"runtime   {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            output.WriteLine($"simd      {NeuralHjbInfo.Simd}");
            output.WriteLine($"threads   {EngineSettings.MaxDegreeOfParallelism} of {Environment.ProcessorCount} cores");
            return 0;
        });
        return cmd;
    }
}
