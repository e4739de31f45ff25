namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>Simulated training paths: states at t₀ … t_N, the strategies' controls and the applied (explored) ones, and the noise.</summary>
internal sealed class PathSet
{
    public PathSet(int paths, int steps)
    {
        Paths = paths;
        States = new double[steps + 1][];
        Policy = new double[steps][];
        Noise = new double[steps][];
    }

    public int Paths { get; }

    /// <summary>[step][path·d].</summary>
    public double[][] States { get; }

    /// <summary>The strategies' own controls at each step, [step][path·M·N] (others' controls in each agent's targets).</summary>
    public double[][] Policy { get; }

    /// <summary>Brownian increments N(0, dt), [step][path·noise].</summary>
    public double[][] Noise { get; }
}
