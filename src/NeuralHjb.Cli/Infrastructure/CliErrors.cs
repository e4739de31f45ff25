using System.Text.Json;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Infrastructure;

/// <summary>
/// Turns the exceptions that mean "the input or the run went wrong" into one line on stderr and an
/// exit code, so users never see a stack trace for a mistyped option or a bad file. Programming
/// errors (NullReference, InvalidOperation…) still surface, because hiding them hides bugs.
/// </summary>
internal static class CliErrors
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The run finished but a check failed (e.g. a sweep point failed).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: unknown problem, out-of-range parameter, unreadable file.</summary>
    public const int BadInput = 2;

    /// <summary>Training diverged (NaN/inf) and stopped.</summary>
    public const int Diverged = 3;

    /// <summary>Cancelled with Ctrl+C (the shell convention 128 + SIGINT).</summary>
    public const int Cancelled = 130;

    /// <summary>Runs <paramref name="body"/>, mapping the expected failures to one line and an exit code.</summary>
    /// <param name="stderr">Where the line goes.</param>
    /// <param name="command">The command's name, prefixed to the line ("neuralhjb solve").</param>
    /// <param name="body">The action.</param>
    /// <param name="checkpoint">Where the last checkpoint is, for the message after Ctrl+C (null: none).</param>
    /// <param name="resumeHint">Appended to that message when a checkpoint exists (how to continue), or null.</param>
    public static int Guard(TextWriter stderr, string command, Func<int> body, Func<string?>? checkpoint = null, string? resumeHint = null)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            var path = checkpoint?.Invoke();
            stderr.WriteLine(path is not null && File.Exists(path)
                ? $"{command}: cancelled; last checkpoint: {Path.GetFullPath(path)}{resumeHint}"
                : $"{command}: cancelled; no checkpoint was written.");
            return Cancelled;
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"{command}: {OneLine(e.Message)}");
            return Diverged;
        }
        catch (Exception e) when (IsInputError(e))
        {
            stderr.WriteLine($"{command}: {OneLine(e.Message)}");
            return BadInput;
        }
    }

    /// <summary>Whether the exception means bad input rather than a bug.</summary>
    public static bool IsInputError(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or FormatException
            or UnauthorizedAccessException or JsonException or KeyNotFoundException or NotSupportedException;

    /// <summary>The message on one line (ArgumentException appends "(Parameter 'x')" on a new line in some runtimes).</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
