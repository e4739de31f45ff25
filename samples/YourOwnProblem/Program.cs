// Your own model, solved by two NeuralHjb solvers through the public API only:
//   1. ExposureModel (ExposureModel.cs): dynamics and cost of a model the library does not ship;
//   2. the PINN (value function from the HJB residual) and direct control (policy from simulated costs);
//   3. both checked against the exact Riccati solution (RiccatiReference.cs).
// Run: dotnet run -c Release --project samples/YourOwnProblem
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;
using YourOwnProblem;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const double Horizon = 1.0;
const double Range = 2.0;
var model = new ExposureModel(sigma: 0.5, q: 1.0, r: 0.5, p: 2.0, initialExposure: 1.0, range: Range);
var problem = model.ToProblem(Horizon);
var exact = new RiccatiReference(model, Horizon);
var progress = new StageProgress();
Console.WriteLine($"exact: a(0) = {exact.A(0):F5}, u*(0, x) = {-exact.A(0) / model.R:F5}·x, V(0, 1) = {exact.Value(0, 1):F5}");

// --- 1. PINN: V(t, x) with V(T, x) = g(x) built in, u* = −V_x / r from the problem's minimiser.
var clock = Stopwatch.StartNew();
var pinn = new PinnSolver().Solve(problem, new PinnOptions
{
    HiddenWidths = [32, 32],
    Ansatz = new TerminalValueAnsatz(x => model.TerminalCost(x), scale: 2),
    Stages = [new PinnStage { Name = "pinn", Steps = 1500 }],
    LearningRate = 3e-3,
    Seed = 1,
}, progress);
var pinnSeconds = clock.Elapsed.TotalSeconds;

// --- 2. Direct control: a policy u(t, x) trained on rollouts started across the domain.
clock.Restart();
var direct = new DirectControlSolver().Solve(problem, DirectControlOptions.Quick with
{
    TimeSteps = 50,
    Iterations = 1500,
    BatchSize = 128,
    InitialStates = InitialStateSampler.Box([-Range], [Range]),
    Seed = 1,
}, progress);
var directSeconds = clock.Elapsed.TotalSeconds;

// --- 3. Compare at t = 0 and t = T/2 on a grid of exposures.
var xs = Enumerable.Range(0, 31).Select(i => -1.5 + (i * 0.1)).ToArray();
var states = Tensor.FromArray(xs.Select(v => (float)v).ToArray(), [xs.Length, 1]);
Console.WriteLine();
Console.WriteLine("method          t     control rel. L2   V(t, 1) learned   V(t, 1) exact   seconds");
foreach (var t in new[] { 0.0, 0.5 })
{
    var time = Tensor.Full([xs.Length, 1], t);
    var exactU = xs.Select(x => exact.Control(t, x)).ToArray();
    var pinnU = pinn.Control(time, states).ToFloatArray();
    var directU = direct.Policy.Control(time, states).ToFloatArray();
    var pinnV = pinn.Value(Tensor.Full([1, 1], t), Tensor.Full([1, 1], 1.0)).ToFloatArray()[0];
    Console.WriteLine($"PINN            {t:F1}   {RelativeL2(pinnU, exactU),14:P2}   {pinnV,15:F5}   {exact.Value(t, 1),13:F5}   {pinnSeconds,7:F1}");
    Console.WriteLine($"direct control  {t:F1}   {RelativeL2(directU, exactU),14:P2}   {"(no value net)",15}   {exact.Value(t, 1),13:F5}   {directSeconds,7:F1}");
}

// Direct control's own yardstick: its held-out mean cost against the exact expected cost E[V(0, X0)], X0 ~ U[−2, 2].
var expectedCost = (0.5 * exact.A(0) * Range * Range / 3) + (exact.Value(0, 0));
Console.WriteLine($"direct control held-out mean cost {direct.FinalValidationCost:F5} vs exact E[V(0, X0)] {expectedCost:F5} (the 50-step discretisation costs a little more)");

static double RelativeL2(float[] learned, double[] exact)
{
    double num = 0, den = 0;
    for (var i = 0; i < exact.Length; i++)
    {
        num += (learned[i] - exact[i]) * (learned[i] - exact[i]);
        den += exact[i] * exact[i];
    }

    return Math.Sqrt(num / den);
}

/// <summary>One line per stage every 500 steps, on stderr.</summary>
internal sealed class StageProgress : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Step % 500 == 0 || value.Step == value.TotalSteps)
        {
            Console.Error.WriteLine($"[{value.Stage}] {value.Step}/{value.TotalSteps} loss {value.Loss:G5}");
        }
    }
}
