// Direct-control learning of Cartea–Jaimungal execution (Leal, Laurière and Lehalle 2020):
// single-preference runs against the closed form, one multi-preference network over (A, φ) checked on a 5 × 5
// grid (the paper's domain and a wider one), and the sub-diffusive penalty |q|^1.5, all explained by projecting
// the learned control on the closed-form manifold ν = (h₁ + (α + h₂) q)/(2κ).
//
//   dotnet run -c Release --project samples/MultiPreferenceExecution [single|multi|wide|subdiffusive|all]
using System.Diagnostics;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.DirectControl;

var which = args.Length > 0 ? args[0] : "all";
var solver = new DirectControlSolver();

CarteaJaimungal Problem(double a, double phi, double exponent = 2) =>
    new(new CarteaJaimungalParameters { Kappa = 0.24, Alpha = 0.16, Sigma = 0.2, A = a, Phi = phi, Exponent = exponent });

if (which is "single" or "all")
{
    Console.WriteLine("Single preference (Standard preset: 8000 iterations, 2 x 16 tanh, Adam 3e-2 -> 2e-4, batch 64 antithetic)");
    foreach (var (a, phi) in new[] { (0.01, 0.007), (0.005, 0.0035), (10.0, 0.7) })
    {
        var problem = Problem(a, phi);
        var clock = Stopwatch.StartNew();
        var result = solver.Solve(problem, CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Standard));
        var cmp = CarteaJaimungalDirectControl.Compare(result.Policy, problem, 77, a, phi);
        var closed = CarteaJaimungalDirectControl.ClosedForm(problem.Parameters, a, phi);
        Console.WriteLine($"  A = {a,-6} phi = {phi,-7} rel. L2 {cmp.ControlRelativeL2:P2}  R2 min {cmp.Manifold.MinRSquared:F5}  " +
            $"nu/q(0) {(cmp.Manifold.H2[0] + 0.16) / 0.48:F4} (closed form {closed.RatePerShare(0):F4})  {clock.Elapsed.TotalSeconds:F0} s");
    }
}

if (which is "multi" or "wide" or "all")
{
    foreach (var wide in which == "multi" ? [false] : which == "wide" ? [true] : new[] { false, true })
    {
        var problem = Problem(0.01, 0.007);
        PreferenceSpec[]? ranges = wide ? [new("A", 1, 3), new("phi", 0, 0.3)] : null;
        var clock = Stopwatch.StartNew();
        var result = solver.Solve(problem, CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Standard with { MultiPreference = true, PreferenceRanges = ranges }));
        var grid = CarteaJaimungalDirectControl.CompareGrid(result.Policy, problem, 77);
        Console.WriteLine($"Multi-preference, {(wide ? "wide domain A in [1, 3], phi in [0, 0.3]" : "paper domain A in [0, 0.01], phi in [0, 0.007]")}: trained in {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var c in grid)
        {
            Console.WriteLine($"  A = {c.A,-7:G4} phi = {c.Phi,-8:G4} rel. L2 {c.ControlRelativeL2:P2}  R2 min {c.Manifold.MinRSquared:F5}");
        }

        Console.WriteLine($"  worst rel. L2 {grid.Max(c => c.ControlRelativeL2):P2}, worst R2 {grid.Min(c => c.Manifold.MinRSquared):F5}");
    }
}

if (which is "subdiffusive" or "all")
{
    var problem = Problem(10, 0.7, exponent: 1.5);
    var result = solver.Solve(problem, CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Standard));
    var (manifold, _) = CarteaJaimungalDirectControl.Explain(result.Policy, problem, 77, 10, 0.7);
    var quadratic = CarteaJaimungalDirectControl.ClosedForm(problem.Parameters, 10, 0.7);
    Console.WriteLine("Sub-diffusive penalty phi |q|^1.5 (no closed form): projection on [1, q]");
    Console.WriteLine("     t     h1~       h2~    R2      (h2 of the quadratic penalty)");
    for (var k = 0; k < 77; k += 8)
    {
        Console.WriteLine($"  {manifold.Times[k]:F3} {manifold.H1[k],8:F4} {manifold.H2[k],8:F4} {manifold.RSquared[k]:F5}  ({quadratic.H2(manifold.Times[k]):F4})");
    }

    Console.WriteLine($"  R2 min {manifold.MinRSquared:F5}");
}
