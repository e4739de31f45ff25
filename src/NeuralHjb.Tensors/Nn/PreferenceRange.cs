namespace NeuralHjb.Nn;

/// <summary>
/// A problem parameter fed to a network as an input (a "preference", such as a risk aversion) with its
/// declared training range [Low, High]; the network sees it rescaled to [−1, 1].
/// </summary>
/// <param name="Name">Display name (for documentation and diagnostics).</param>
/// <param name="Low">Lower end of the range.</param>
/// <param name="High">Upper end of the range (greater than <paramref name="Low"/>).</param>
public readonly record struct PreferenceRange(string Name, double Low, double High);
