namespace NeuralHjb.Cli.Infrastructure;

/// <summary>
/// Turns the first Ctrl+C into a cancellation request (training stops between steps and writes its
/// checkpoint); a second Ctrl+C is left to the runtime and kills the process.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly ConsoleCancelEventHandler _handler;

    public CtrlC()
    {
        _handler = (_, e) =>
        {
            if (!_source.IsCancellationRequested)
            {
                e.Cancel = true;
                _source.Cancel();
            }
        };
        Console.CancelKeyPress += _handler;
    }

    /// <summary>Cancelled on the first Ctrl+C.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= _handler;
        _source.Dispose();
    }
}
