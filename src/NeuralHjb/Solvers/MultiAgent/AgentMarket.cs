using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// What the backward least-squares solver needs from a multi-agent problem, in row-major double arrays
/// ([rows, width]): one simulation step through the problem's own dynamics, each agent's terminal relative
/// wealth, a mark-to-market baseline, and the quantities reported. Agent j maximises
/// E_t[Yⱼ(T)] − γⱼ Var_t[Yⱼ(T)] with the γⱼ of <see cref="RiskAversions"/>.
/// </summary>
internal abstract class AgentMarket
{
    protected AgentMarket(ControlProblem problem, int agents, int assets, double[] initialState, double[] riskAversions)
    {
        Problem = problem;
        Agents = agents;
        Assets = assets;
        InitialState = initialState;
        RiskAversions = riskAversions;
    }

    public ControlProblem Problem { get; }

    public int Agents { get; }

    public int Assets { get; }

    public int StateDimension => Problem.StateDimension;

    public double Horizon => Problem.Horizon;

    public double[] InitialState { get; }

    /// <summary>γⱼ of the criterion E − γⱼ Var (already converted from the problem's own convention).</summary>
    public double[] RiskAversions { get; }

    /// <summary>r, the interest rate on cash.</summary>
    public abstract double InterestRate { get; }

    /// <summary>"rate" (shares per unit time) or "amount" (currency).</summary>
    public abstract string ControlKind { get; }

    /// <summary>Whether the hold benchmark (nobody trades, positions marked to market at T) is meaningful.</summary>
    public abstract bool HasHoldBenchmark { get; }

    /// <summary>The grid interval of each agent and asset when the options give none.</summary>
    public abstract ControlRange AutomaticRange(int agent, int asset);

    /// <summary>The control every agent plays in the step from t to t + dt before the first best response: [M·N], agent-major.</summary>
    public abstract double[] InitialControls(double t, double dt);

    /// <summary>Controls under which nobody trades in the step that starts in x, [rows, M·N] (zero unless the grid holds targets).</summary>
    public virtual double[] IdleControls(double[] x, int rows) => new double[rows * Agents * Assets];

    /// <summary>The controls as the result reports them ([rows, M·N]; the grid's own units unless a market converts them).</summary>
    public virtual double[] ReportedControls(double[] x, double[] u, int rows, double dt) => u;

    /// <summary>Each agent's terminal relative wealth Yⱼ(T), [rows, M].</summary>
    public abstract double[] TerminalRelative(double[] x, int rows);

    /// <summary>Each agent's terminal wealth Wⱼ(T), [rows, M].</summary>
    public abstract double[] TerminalWealth(double[] x, int rows);

    /// <summary>Each agent's wealth marked to market at t with cash carried to T at r, [rows, M].</summary>
    public abstract double[] MarkToMarket(double[] x, int rows, double t);

    /// <summary>Relative version of a [rows, M] wealth array, in the problem's convention.</summary>
    public abstract double[] Relative(double[] wealth, int rows);

    /// <summary>The dollar amount each agent holds in each asset during the step that starts in x with controls u, [rows, M·N].</summary>
    public abstract double[] DollarHoldings(double[] x, double[] u, int rows, double dt);

    /// <summary>Share holdings, [rows, M·N] (execution problems), or null.</summary>
    public abstract double[]? ShareHoldings(double[] x, int rows);

    /// <summary>One Euler–Maruyama step of the problem's dynamics; dW are N(0, dt) increments [rows, noise].</summary>
    public virtual double[] Step(double[] x, double[] u, double[] dW, int rows, double t, double dt)
    {
        var xt = Tensor.FromArray(x, [rows, StateDimension]);
        var ut = Tensor.FromArray(u, [rows, Agents * Assets]);
        var wt = Tensor.FromArray(dW, [rows, Problem.Dynamics.NoiseDimension]);
        return Problem.Dynamics.Step(Tensor.Scalar(t, DType.Float64), xt, ut, dt, wt).ToDoubleArray();
    }

    /// <summary>
    /// The network's raw inputs: the state, then any derived coordinates the market adds (<see cref="FeatureCount"/>
    /// in all), [rows, FeatureCount].
    /// </summary>
    public virtual double[] Features(double[] x, int rows) => x;

    /// <summary>Number of raw inputs per row.</summary>
    public virtual int FeatureCount => StateDimension;

    /// <summary>The centring baseline cⱼ(t, x): relative mark-to-market wealth, [rows, M].</summary>
    public double[] Baseline(double[] x, int rows, double t) => Relative(MarkToMarket(x, rows, t), rows);
}
