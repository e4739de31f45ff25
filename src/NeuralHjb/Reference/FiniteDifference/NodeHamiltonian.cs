namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// The discrete Hamiltonian <c>s·(Σ w_k(u) V_k + f(u))</c> at one node, built from the same stencil as the
/// linear system, so that the control searches optimise exactly what the implicit step solves.
/// Re-pointed at each node in turn (one instance, no per-node allocation).
/// </summary>
internal sealed class NodeHamiltonian : INodeHamiltonian
{
    private readonly HjbProblem problem;
    private readonly StencilBuilder stencil;
    private readonly double sign;
    private readonly int nx;
    private readonly double[] w = new double[9];
    private double[] v = [];
    private double t, x, y;
    private int i, j, k;

    public NodeHamiltonian(HjbProblem problem, StencilBuilder stencil)
    {
        this.problem = problem;
        this.stencil = stencil;
        sign = problem.Sense == OptimizationSense.Maximize ? 1.0 : -1.0;
        nx = problem.Grid.NX;
    }

    public void Point(double time, int xi, int yj, double[] values)
    {
        t = time;
        i = xi;
        j = yj;
        k = xi + (nx * yj);
        x = problem.Grid.X[xi];
        y = problem.Grid.YAt(yj);
        v = values;
    }

    public double Evaluate(double u)
    {
        var c = problem.Coefficients(t, x, y, u);
        stencil.Build(i, j, c, w);
        double h = c.Reward;
        for (int o = 0; o < 9; o++)
        {
            if (w[o] != 0)
            {
                h += w[o] * v[k + (o % 3) - 1 + (nx * ((o / 3) - 1))];
            }
        }

        // NaN must never win a comparison: map it to the worst value.
        return double.IsNaN(h) ? double.NegativeInfinity : sign * h;
    }

    public ControlContext Context(double currentControl)
        => stencil.Derivatives(v, i, j) with { T = t, X = x, Y = y, CurrentControl = currentControl };
}
