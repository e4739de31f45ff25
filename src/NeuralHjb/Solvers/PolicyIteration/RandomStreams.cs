namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Philox stream numbers of a solve: every random draw is addressed by (iteration, purpose, step), so a
/// run is reproducible per seed and the draws of different phases never overlap.
/// </summary>
internal static class RandomStreams
{
    public const ulong ValueInit = 0xF000_0000_0000_0001;
    public const ulong ControlInit = 0xF000_0000_0000_0002;
    public const ulong EvaluationSet = 0xF000_0000_0000_0003;

    public enum Purpose : ulong
    {
        Collocation = 1,
        Terminal = 2,
        AdaptiveCandidates = 3,
        ImprovementPool = 4,
    }

    public static ulong For(int iteration, Purpose purpose, int step)
        => ((ulong)iteration << 40) | ((ulong)purpose << 32) | (uint)step;
}
