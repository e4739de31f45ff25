namespace NeuralHjb.Testing;

/// <summary>
/// A fact that runs only when the environment variable <c>NEURALHJB_NIGHTLY</c> is <c>1</c>; otherwise xunit
/// reports it as skipped (never as a silent pass). Pair it with <c>[Trait("Category", "Nightly")]</c> so it
/// can be selected with <c>--filter Category=Nightly</c>.
/// </summary>
/// <remarks>Shared by every test project (linked from tests/Shared), so there is one definition of "nightly".</remarks>
public sealed class NightlyFactAttribute : FactAttribute
{
    /// <summary>The environment variable that enables nightly tests.</summary>
    public const string EnvironmentVariable = "NEURALHJB_NIGHTLY";

    /// <summary>Skips the test unless <see cref="EnvironmentVariable"/> is <c>1</c>.</summary>
    public NightlyFactAttribute()
    {
        if (!IsEnabled)
        {
            Skip = $"Nightly test: set {EnvironmentVariable}=1 to run it.";
        }
    }

    /// <summary>Whether nightly tests are enabled in this process.</summary>
    public static bool IsEnabled => Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";
}
