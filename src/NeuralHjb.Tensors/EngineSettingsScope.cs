namespace NeuralHjb;

/// <summary>
/// A per-thread override of <see cref="EngineSettings"/>, created by <see cref="EngineSettings.Override"/>;
/// disposing it restores the settings that were in effect on the thread before.
/// </summary>
/// <remarks>Dispose it on the thread that created it (a <c>using</c> block does), and in reverse order of creation when nesting.</remarks>
public readonly struct EngineSettingsScope : IDisposable
{
    private readonly int _previousMaxDegreeOfParallelism;
    private readonly long _previousThresholdPlusOne;
    private readonly bool _active;

    internal EngineSettingsScope(int previousMaxDegreeOfParallelism, long previousThresholdPlusOne)
    {
        _previousMaxDegreeOfParallelism = previousMaxDegreeOfParallelism;
        _previousThresholdPlusOne = previousThresholdPlusOne;
        _active = true;
    }

    /// <summary>Restores the previous settings of the calling thread.</summary>
    public void Dispose()
    {
        if (_active)
        {
            EngineSettings.RestoreOverride(_previousMaxDegreeOfParallelism, _previousThresholdPlusOne);
        }
    }
}
