using System.CommandLine;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Cli;

/// <summary>
/// <c>neuralhjb selfcheck</c>: gradient checks of the engine in float64 (first and second order),
/// the quickest proof that an installation computes derivatives right.
/// </summary>
internal static class SelfCheckCommand
{
    public static Command Create()
    {
        var cmd = new Command("selfcheck", "Check the engine's first and second derivatives against finite differences.");
        cmd.SetAction(parse => Run(parse.InvocationConfiguration.Output));
        return cmd;
    }

    public static int Run(TextWriter output)
    {
        var rng = new NeuralHjb.Random.Philox(7);
        var w = Tensor.Normal([8, 2], rng, dtype: DType.Float64);
        var b = Tensor.Normal([8], rng, dtype: DType.Float64);
        var x = Tensor.Normal([5, 2], rng, dtype: DType.Float64);
        Tensor Net(Tensor input) => input.MatMul(w.T).Add(b).Tanh().Square().Sum();

        var first = GradCheck.Check(xs => Net(xs[0]), [x]);
        var second = GradCheck.Check(xs => Autograd.Grad(Net(xs[0]), xs[0], createGraph: true), [x]);
        output.WriteLine($"first derivatives : {(first.Passed ? "ok" : "FAILED")} (max rel. error {first.MaxRelativeError:E2})");
        output.WriteLine($"second derivatives: {(second.Passed ? "ok" : "FAILED")} (max rel. error {second.MaxRelativeError:E2})");
        return first.Passed && second.Passed ? 0 : 1;
    }
}
