namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// One fully implicit (backward-Euler) step with policy iteration:
/// <c>(I − Δt L^u(t_n)) Vⁿ = Vⁿ⁺¹ + Δt f^u(t_n)</c>, the control improved node by node until it stops
/// changing. 1-D systems are tridiagonal (Thomas); 2-D systems are nine-point sparse (BiCGSTAB + ILU(0)).
/// </summary>
internal sealed class ImplicitStepper
{
    private readonly HjbProblem problem;
    private readonly FdSolverOptions options;
    private readonly StateGrid grid;
    private readonly StencilBuilder stencil;
    private readonly NodeHamiltonian hamiltonian;
    private readonly BoundaryValueFunction?[] dirichlet;
    private readonly double[] w = new double[9];
    private readonly double[] rhs;
    private readonly double[] previous;

    // 1-D storage
    private readonly double[] lower = [], diag = [], upper = [], scratch = [];

    // 2-D storage
    private readonly CsrMatrix? matrix;
    private readonly Ilu0Preconditioner? ilu;
    private readonly BiCgStabSolver? krylov;

    public ImplicitStepper(HjbProblem problem, FdSolverOptions options)
    {
        this.problem = problem;
        this.options = options;
        grid = problem.Grid;
        stencil = new StencilBuilder(grid);
        hamiltonian = new NodeHamiltonian(problem, stencil);
        int n = grid.NodeCount;
        rhs = new double[n];
        previous = new double[n];
        dirichlet = DirichletMap(problem);
        if (grid.Dimension == 1)
        {
            lower = new double[n];
            diag = new double[n];
            upper = new double[n];
            scratch = new double[n];
        }
        else
        {
            matrix = new CsrMatrix(grid.NX, grid.NY);
            ilu = new Ilu0Preconditioner(matrix);
            krylov = new BiCgStabSolver(matrix, ilu);
        }
    }

    /// <summary>
    /// Improves the control at every node against <paramref name="v"/>; returns how many non-Dirichlet nodes changed
    /// by more than the control tolerance (smaller moves are kept but do not count: they are the linear solver's
    /// round-off echoed through the derivative estimates, and chasing them never terminates).
    /// </summary>
    public int Improve(double t, double[] v, double[] u)
    {
        int changed = 0;
        for (int j = 0; j < grid.NY; j++)
        {
            for (int i = 0; i < grid.NX; i++)
            {
                int k = grid.Index(i, j);
                hamiltonian.Point(t, i, j, v);
                double next = problem.Controls.Improve(hamiltonian, u[k]);
                double tolerance = options.ControlTolerance * (1 + Math.Abs(u[k]));
                if (dirichlet[k] is null && Math.Abs(next - u[k]) > tolerance)
                {
                    changed++;
                }

                u[k] = next;
            }
        }

        return changed;
    }

    /// <summary>
    /// Steps from <paramref name="vNext"/> at t + Δt to <paramref name="v"/> at <paramref name="t"/>.
    /// <paramref name="u"/> holds the previous step's policy on entry (the initial guess) and the new one on exit.
    /// </summary>
    public void Step(double t, double dt, double[] vNext, double[] v, double[] u, HjbDiagnostics diagnostics, int stepIndex)
    {
        Array.Copy(vNext, v, v.Length);
        int iterations = 0, linearIterations = 0, nonMonotone = 0;
        double worstResidual = 0;
        bool converged = false;
        while (iterations < options.MaxPolicyIterations)
        {
            iterations++;
            Array.Copy(v, previous, v.Length);
            nonMonotone = Assemble(t, dt, vNext, u);
            (int linIt, double residual) = SolveLinear(v);
            linearIterations += linIt;
            worstResidual = Math.Max(worstResidual, residual);

            double scale = 1, change = 0;
            for (int k = 0; k < v.Length; k++)
            {
                scale = Math.Max(scale, Math.Abs(v[k]));
                change = Math.Max(change, Math.Abs(v[k] - previous[k]));
            }

            int changed = Improve(t, v, u);
            if (changed == 0 || (iterations > 1 && change <= options.PolicyTolerance * scale))
            {
                converged = true;
                break;
            }
        }

        if (!converged)
        {
            diagnostics.StepsAtPolicyLimit++;
        }

        diagnostics.PolicyIterations[stepIndex] = iterations;
        diagnostics.LinearIterations[stepIndex] = linearIterations;
        diagnostics.LinearResiduals[stepIndex] = worstResidual;
        diagnostics.NonMonotoneRowsPerStep[stepIndex] = nonMonotone;
    }

    /// <summary>Fills the matrix and right-hand side for the policy <paramref name="u"/>; returns the count of non-monotone rows.</summary>
    private int Assemble(double t, double dt, double[] vNext, double[] u)
    {
        int nonMonotone = 0;
        for (int j = 0; j < grid.NY; j++)
        {
            double y = grid.YAt(j);
            for (int i = 0; i < grid.NX; i++)
            {
                int k = grid.Index(i, j);
                double x = grid.X[i];
                if (dirichlet[k] is { } g)
                {
                    SetIdentityRow(k);
                    rhs[k] = g(t, x, y);
                    continue;
                }

                var c = problem.Coefficients(t, x, y, u[k]);
                if (!stencil.Build(i, j, c, w))
                {
                    nonMonotone++;
                }

                rhs[k] = vNext[k] + (dt * c.Reward);
                SetRow(k, dt);
            }
        }

        return nonMonotone;
    }

    private void SetRow(int k, double dt)
    {
        if (matrix is null)
        {
            lower[k] = -dt * w[3];
            diag[k] = 1 - (dt * w[4]);
            upper[k] = -dt * w[5];
            return;
        }

        for (int o = 0; o < 9; o++)
        {
            int slot = matrix.Slot[(k * 9) + o];
            if (slot >= 0)
            {
                matrix.Values[slot] = o == 4 ? 1 - (dt * w[4]) : -dt * w[o];
            }
        }
    }

    private void SetIdentityRow(int k)
    {
        if (matrix is null)
        {
            lower[k] = upper[k] = 0;
            diag[k] = 1;
            return;
        }

        for (int p = matrix.RowStart[k]; p < matrix.RowStart[k + 1]; p++)
        {
            matrix.Values[p] = 0;
        }

        matrix.Values[matrix.Diagonal[k]] = 1;
    }

    private (int Iterations, double Residual) SolveLinear(double[] v)
    {
        if (matrix is null)
        {
            TridiagonalSolver.Solve(lower, diag, upper, rhs, v, scratch);
            return (1, TridiagonalSolver.RelativeResidual(lower, diag, upper, rhs, v));
        }

        ilu!.Factor();
        return krylov!.Solve(rhs, v, options.LinearTolerance, options.MaxLinearIterations);
    }

    /// <summary>Per node, the Dirichlet function that owns it (x boundaries take precedence at corners), or null.</summary>
    private static BoundaryValueFunction?[] DirichletMap(HjbProblem problem)
    {
        var grid = problem.Grid;
        var map = new BoundaryValueFunction?[grid.NodeCount];
        for (int j = 0; j < grid.NY; j++)
        {
            for (int i = 0; i < grid.NX; i++)
            {
                BoundaryValueFunction? g = null;
                if (i == 0)
                {
                    g = problem.LowerX.DirichletValue;
                }
                else if (i == grid.NX - 1)
                {
                    g = problem.UpperX.DirichletValue;
                }

                if (g is null && grid.Dimension == 2)
                {
                    if (j == 0)
                    {
                        g = problem.LowerY.DirichletValue;
                    }
                    else if (j == grid.NY - 1)
                    {
                        g = problem.UpperY.DirichletValue;
                    }
                }

                map[grid.Index(i, j)] = g;
            }
        }

        return map;
    }
}
