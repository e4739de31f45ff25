namespace NeuralHjb.Tests.MarketData;

/// <summary>
/// A fact that runs only when the environment variable <c>NEURALHJB_NIGHTLY</c> is <c>1</c>; otherwise xunit
/// reports it as skipped (never as a silent pass). Pair it with <c>[Trait("Category", "Nightly")]</c>.
/// </summary>
public sealed class NightlyFactAttribute : FactAttribute
{
    /// <summary>The environment variable that enables nightly tests.</summary>
    public const string EnvironmentVariable = "NEURALHJB_NIGHTLY";

    /// <summary>Skips the test unless <see cref="EnvironmentVariable"/> is <c>1</c>.</summary>
    public NightlyFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
        {
            Skip = $"Nightly test: set {EnvironmentVariable}=1 to run it.";
        }
    }
}
