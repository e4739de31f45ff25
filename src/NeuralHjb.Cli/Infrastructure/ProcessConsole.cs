namespace NeuralHjb.Cli.Infrastructure;

/// <summary>
/// The process's own stdout and stderr as they were when <see cref="Program.Main"/> started, so
/// colours and live progress are used only there, never on a writer a test or <c>sweep</c> swapped in.
/// </summary>
internal static class ProcessConsole
{
    private static TextWriter? _out;
    private static TextWriter? _error;

    /// <summary>Remembers the current Console.Out and Console.Error (called once by Main).</summary>
    public static void Capture()
    {
        _out = Console.Out;
        _error = Console.Error;
    }

    /// <summary>Whether <paramref name="writer"/> is the process's stdout or stderr and that stream is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (_out is not null && ReferenceEquals(writer, _out) && !Console.IsOutputRedirected)
        || (_error is not null && ReferenceEquals(writer, _error) && !Console.IsErrorRedirected);
}
