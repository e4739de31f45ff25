using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Reference;

internal static class Diag
{
    public static void Run(PolicyIterationResult r, Merton problem)
    {
        var p = problem.Parameters;
        var m = new MarketParameters(p.InterestRate, p.Drift, p.Volatility);
        foreach (var t in new[] { 0.0, 0.5 })
        {
            foreach (var x in PortfolioReferences.GeometricGrid(p.WealthLow, p.WealthHigh, 7))
            {
                var dt = r.Value.DType;
                var xt = NeuralHjb.Tensors.Tensor.Full([1, 1], x, dt).RequireGrad();
                var v = r.Value.Value(NeuralHjb.Tensors.Tensor.Full([1, 1], t, dt), xt);
                var g = NeuralHjb.Autodiff.Autograd.Grad(v.Sum(), xt, createGraph: true);
                var gg = NeuralHjb.Autodiff.Autograd.Grad(g.Sum(), xt);
                double vx = g.Item(), vxx = gg.Item();
                double piV = -(p.Drift - p.InterestRate) * vx / (p.Volatility * p.Volatility * x * vxx);
                var (u, _) = PortfolioReferences.MertonReference(m, p, t, x);
                Console.WriteLine($"t={t} x={x:F3} net {r.Policy.Control(t, x)[0]:F5} fromV {piV:F5} exact {u:F5}");
            }
        }
    }
}
