namespace NeuralHjb.Cli.Progress;

/// <summary>How a solve shows its progress.</summary>
internal enum ProgressMode
{
    /// <summary>Nothing (--quiet).</summary>
    Off,

    /// <summary>A plain line on stderr every few seconds and at the end of each stage (stderr redirected).</summary>
    Lines,

    /// <summary>Spectre.Console live bars on stderr (an interactive terminal).</summary>
    Live,
}
