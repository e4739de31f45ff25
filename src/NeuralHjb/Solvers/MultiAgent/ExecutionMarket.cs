using NeuralHjb.Problems.Execution;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// <see cref="AlmgrenChriss"/> seen by the solver: controls are target holdings after the step's trade or trade rates
/// vᵢⱼ (<see cref="ExecutionGrid"/>), the criterion is the problem's
/// own E − γⱼ Var of Yⱼ = Wⱼ − θⱼ W̄₋ⱼ, the terminal wealth includes the forced final liquidation.
/// </summary>
internal sealed class ExecutionMarket : AgentMarket
{
    private readonly AlmgrenChriss _problem;
    private readonly bool _holdings;

    public ExecutionMarket(AlmgrenChriss problem, ExecutionGrid grid)
        : base(problem, problem.AgentCount, problem.AssetCount, InitialStateOf(problem), problem.Parameters.Agents.Select(a => a.RiskAversion).ToArray())
    {
        _problem = problem;
        _holdings = grid == ExecutionGrid.Holdings;
    }

    public override string ControlKind => "rate";

    public override bool HasHoldBenchmark => true;

    public override double InterestRate => _problem.Parameters.InterestRate;

    private double Rate => InterestRate;

    public override ControlRange AutomaticRange(int agent, int asset)
    {
        var holdings = _problem.Parameters.Agents[agent].InitialHoldings;
        var largest = holdings.Max(Math.Abs);
        largest = largest > 0 ? largest : 1;
        if (_holdings)
        {
            // Between the start and flat, with half the position to spare on either side (overshooting, or holding on).
            var h = holdings[asset];
            var margin = 0.5 * (h != 0 ? Math.Abs(h) : largest);
            return new ControlRange(Math.Min(0, h) - margin, Math.Max(0, h) + margin);
        }

        // Three times the fastest constant rate that unwinds the agent's largest position over the horizon.
        var rate = 3 * largest / Horizon;
        return new ControlRange(-rate, rate);
    }

    public override double[] InitialControls(double t, double dt)
    {
        // TWAP: the position unwound at a constant rate over the horizon.
        var u = new double[Agents * Assets];
        for (var j = 0; j < Agents; j++)
        {
            for (var i = 0; i < Assets; i++)
            {
                var h = _problem.Parameters.Agents[j].InitialHoldings[i];
                u[(j * Assets) + i] = _holdings ? h * Math.Max(0, 1 - ((t + dt) / Horizon)) : -h / Horizon;
            }
        }

        return u;
    }

    public override double[] IdleControls(double[] x, int rows) => _holdings ? ShareHoldings(x, rows) : new double[rows * Agents * Assets];

    /// <summary>Trade rates: the grid's target holdings become (target − α)/dt.</summary>
    public override double[] ReportedControls(double[] x, double[] u, int rows, double dt) => _holdings ? Rates(x, u, rows, dt) : u;

    private double[] Rates(double[] x, double[] targets, int rows, double dt)
    {
        var c = Agents * Assets;
        var d = StateDimension;
        var v = new double[rows * c];
        for (var p = 0; p < rows; p++)
        {
            for (var j = 0; j < Agents; j++)
            {
                for (var i = 0; i < Assets; i++)
                {
                    var k = (p * c) + (j * Assets) + i;
                    v[k] = (targets[k] - x[(p * d) + _problem.HoldingIndex(j, i)]) / dt;
                }
            }
        }

        return v;
    }

    public override double[] TerminalRelative(double[] x, int rows)
        => _problem.RelativeWealth(_problem.TerminalWealth(Tensor.FromArray(x, [rows, StateDimension]))).ToDoubleArray();

    public override double[] TerminalWealth(double[] x, int rows)
        => _problem.TerminalWealth(Tensor.FromArray(x, [rows, StateDimension])).ToDoubleArray();

    public override double[] Relative(double[] wealth, int rows)
        => _problem.RelativeWealth(Tensor.FromArray(wealth, [rows, Agents])).ToDoubleArray();

    public override double[] MarkToMarket(double[] x, int rows, double t)
    {
        var growth = Math.Exp(Rate * (Horizon - t));
        var w = new double[rows * Agents];
        var d = StateDimension;
        for (var p = 0; p < rows; p++)
        {
            for (var j = 0; j < Agents; j++)
            {
                var value = x[(p * d) + _problem.CashIndex(j)];
                for (var i = 0; i < Assets; i++)
                {
                    value += x[(p * d) + _problem.HoldingIndex(j, i)] * x[(p * d) + _problem.PriceIndex(i)];
                }

                // The whole wealth carried at r, not the cash alone: otherwise turning shares into cash would show as a
                // gain of r(T − t), and the mark's change over a step would not be the step's excess return.
                w[(p * Agents) + j] = value * growth;
            }
        }

        return w;
    }

    public override double[] DollarHoldings(double[] x, double[] u, int rows, double dt)
    {
        u = ReportedControls(x, u, rows, dt);

        // The trade of the step is booked at its start, so the position exposed to the step's price move is α + v dt.
        var c = Agents * Assets;
        var d = StateDimension;
        var h = new double[rows * c];
        for (var p = 0; p < rows; p++)
        {
            for (var j = 0; j < Agents; j++)
            {
                for (var i = 0; i < Assets; i++)
                {
                    var k = (j * Assets) + i;
                    h[(p * c) + k] = (x[(p * d) + _problem.HoldingIndex(j, i)] + (u[(p * c) + k] * dt)) * x[(p * d) + _problem.PriceIndex(i)];
                }
            }
        }

        return h;
    }

    /// <summary>
    /// The problem's Euler step, with interest on the step's trade charged from the trade: the explicit step pays
    /// interest on the cash held before the trade, which leaves the shares bought within a step unfunded for that step
    /// (an O(1) error in the last step's optimal position, whose whole excess return is O(dt)).
    /// </summary>
    public override double[] Step(double[] x, double[] u, double[] dW, int rows, double t, double dt)
    {
        u = ReportedControls(x, u, rows, dt);
        var next = base.Step(x, u, dW, rows, t, dt);
        if (InterestRate == 0)
        {
            return next;
        }

        var c = Agents * Assets;
        var d = StateDimension;
        var factor = _problem.ExecutionPriceFactor(Tensor.FromArray(u, [rows, c])).ToDoubleArray();
        for (var p = 0; p < rows; p++)
        {
            for (var j = 0; j < Agents; j++)
            {
                var spent = 0.0;
                for (var i = 0; i < Assets; i++)
                {
                    var k = (p * c) + (j * Assets) + i;
                    spent += u[k] * factor[k] * x[(p * d) + _problem.PriceIndex(i)] * dt;
                }

                next[(p * d) + _problem.CashIndex(j)] -= InterestRate * dt * spent;
            }
        }

        return next;
    }

    /// <summary>The state, each position's dollar value αᵢⱼSᵢ and each agent's mark-to-market wealth: the variables the moments mostly depend on.</summary>
    public override int FeatureCount => StateDimension + (Agents * Assets) + Agents;

    public override double[] Features(double[] x, int rows)
    {
        var d = StateDimension;
        var f = FeatureCount;
        var c = Agents * Assets;
        var wealth = MarkToMarket(x, rows, Horizon);
        var features = new double[rows * f];
        for (var p = 0; p < rows; p++)
        {
            Array.Copy(x, p * d, features, p * f, d);
            for (var j = 0; j < Agents; j++)
            {
                for (var i = 0; i < Assets; i++)
                {
                    features[(p * f) + d + (j * Assets) + i] = x[(p * d) + _problem.HoldingIndex(j, i)] * x[(p * d) + _problem.PriceIndex(i)];
                }

                features[(p * f) + d + c + j] = wealth[(p * Agents) + j];
            }
        }

        return features;
    }

    public override double[] ShareHoldings(double[] x, int rows)
    {
        var c = Agents * Assets;
        var d = StateDimension;
        var h = new double[rows * c];
        for (var p = 0; p < rows; p++)
        {
            for (var j = 0; j < Agents; j++)
            {
                for (var i = 0; i < Assets; i++)
                {
                    h[(p * c) + (j * Assets) + i] = x[(p * d) + _problem.HoldingIndex(j, i)];
                }
            }
        }

        return h;
    }

    private static double[] InitialStateOf(AlmgrenChriss problem)
    {
        var x = new List<double>();
        x.AddRange(problem.Parameters.Assets.Select(a => a.InitialPrice));
        foreach (var agent in problem.Parameters.Agents)
        {
            x.AddRange(agent.InitialHoldings);
        }

        x.AddRange(Enumerable.Repeat(0.0, problem.AgentCount));
        return [.. x];
    }
}
