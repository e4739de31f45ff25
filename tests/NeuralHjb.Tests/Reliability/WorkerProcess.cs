using System.Diagnostics;

namespace NeuralHjb.Tests.Reliability;

/// <summary>Starts the reliability worker (tests/NeuralHjb.Reliability.Worker, copied next to the tests) as a child process.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static WorkerProcess Start(params string[] arguments)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "NeuralHjb.Reliability.Worker.dll");
        File.Exists(worker).Should().BeTrue("the worker is built and copied by the project reference");

        // The SDK tells test hosts which dotnet runs them; fall back to the one on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(worker);
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        return new WorkerProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start the worker"));
    }

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>; fails on end of output or timeout.</summary>
    public string WaitForLine(Func<string, bool> predicate, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var read = _process.StandardOutput.ReadLineAsync();
            if (!read.Wait(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                break;
            }

            if (read.Result is not { } line)
            {
                throw new InvalidOperationException($"the worker ended without the expected line: {_process.StandardError.ReadToEnd()}");
            }

            if (predicate(line))
            {
                return line;
            }
        }

        throw new TimeoutException("the worker did not print the expected line in time");
    }

    /// <summary>All remaining output and the exit code, waiting for the process to end.</summary>
    public (int ExitCode, string[] Lines) Finish(int timeoutSeconds = 120)
    {
        var output = _process.StandardOutput.ReadToEndAsync();
        var error = _process.StandardError.ReadToEndAsync();
        if (!_process.WaitForExit(timeoutSeconds * 1000))
        {
            Kill();
            throw new TimeoutException("the worker did not finish in time");
        }

        _process.WaitForExit();
        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return _process.ExitCode == 0 ? (0, lines) : throw new InvalidOperationException($"worker exit code {_process.ExitCode}: {error.Result}");
    }

    /// <summary>SIGKILL (no finally blocks, no flushing): what a crash or an out-of-memory kill looks like.</summary>
    /// <remarks>The worker starts no children; killing just it avoids walking the process tree, which can
    /// take longer than a checkpoint write and so would let the write finish first.</remarks>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
