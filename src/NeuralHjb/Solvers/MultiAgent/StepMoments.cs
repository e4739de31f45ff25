namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// The part of an agent's conditional moments that one step of the dynamics gives exactly: for every grid control v,
/// the first two moments of δ = cⱼ(t_{n+1}, X_{n+1}) − cⱼ(t_n, x), the change of the agent's relative wealth marked to
/// market over the step (at the last step, the terminal relative wealth after the forced liquidation in place of the
/// mark), with the other agents not trading during the step. The networks then only learn what the later steps add
/// (<c>R₁ = E[G] − e</c>, <c>R₂ = E[G²] − E[δ²] − 2eR₁</c>, e = E[δ]), which barely depends on the control when impact
/// is small, instead of the control's whole O(dt²) effect on an O(1) gain.
/// </summary>
/// <remarks>
/// δ is affine in the step's Brownian increment for both markets (the price step is, and every mark is linear in the
/// prices), so the degree-3 cubature gives its two moments exactly. The others' proxy (no trade) only moves the split
/// between the exact part and the learned part, not the sum.
/// </remarks>
internal sealed class StepMoments
{
    private const int ChunkRows = 1 << 16;
    private readonly AgentMarket _market;
    private readonly ControlGrid[] _grids;
    private readonly double[] _times;
    private readonly IReadOnlyList<(double Weight, double[] Point)> _nodes;

    public StepMoments(AgentMarket market, ControlGrid[] grids, double[] times)
    {
        _market = market;
        _grids = grids;
        _times = times;
        _nodes = CubatureRule.Nodes(market.Problem.Dynamics.NoiseDimension, times[1] - times[0]);
    }

    /// <summary>E[δ] and E[δ²] for agent j at step n, every state of x ([rows, d]) and grid control: two arrays [rows, K].</summary>
    public (double[] Mean, double[] Second) Compute(int agent, int step, double[] x, int rows)
    {
        var grid = _grids[agent];
        var k = grid.Count;
        var d = _market.StateDimension;
        var agents = _market.Agents;
        var assets = _market.Assets;
        var c = agents * assets;
        var last = step + 1 == _times.Length - 1;
        var baseline = _market.Baseline(x, rows, _times[step]);
        var mean = new double[rows * k];
        var second = new double[rows * k];
        var perChunk = Math.Max(1, ChunkRows / k);
        for (var start = 0; start < rows; start += perChunk)
        {
            var count = Math.Min(perChunk, rows - start);
            var expanded = count * k;
            var xe = new double[expanded * d];
            var ue = new double[expanded * c];
            var chunk = x.AsSpan(start * d, count * d).ToArray();
            var idle = _market.IdleControls(chunk, count);
            for (var q = 0; q < count; q++)
            {
                for (var g = 0; g < k; g++)
                {
                    var r = (q * k) + g;
                    Array.Copy(chunk, q * d, xe, r * d, d);
                    Array.Copy(idle, q * c, ue, r * c, c);
                    Array.Copy(grid.Controls, g * assets, ue, (r * c) + (agent * assets), assets);
                }
            }

            foreach (var (weight, point) in _nodes)
            {
                var post = _market.Step(xe, ue, CubatureRule.Repeat(point, expanded), expanded, _times[step], _times[step + 1] - _times[step]);
                var value = last ? _market.TerminalRelative(post, expanded) : _market.Baseline(post, expanded, _times[step + 1]);
                for (var r = 0; r < expanded; r++)
                {
                    var delta = value[(r * agents) + agent] - baseline[((start + (r / k)) * agents) + agent];
                    mean[(start * k) + r] += weight * delta;
                    second[(start * k) + r] += weight * delta * delta;
                }
            }
        }

        return (mean, second);
    }
}
