using System.Text.Json;
using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

/// <summary>
/// Trajectories recorded from PyTorch (fixtures/make_optim_reference.py → fixtures/optim_reference.json);
/// no Python is needed at test time.
/// </summary>
public class TorchPeerTests
{
    private static readonly JsonElement Root = Load();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Optim", "fixtures", "optim_reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    private static double[] Vec(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double H(JsonElement hyper, string name, double fallback) => hyper.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;

    private static bool B(JsonElement hyper, string name) => hyper.TryGetProperty(name, out var v) && v.GetBoolean();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Trajectory_matches_pytorch(string name)
    {
        var c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var f32 = c.GetProperty("dtype").GetString() == "float32";
        var dtype = f32 ? DType.Float32 : DType.Float64;
        var init = Vec(c.GetProperty("init"));
        var p = Tensor.FromSpan(init, [init.Length], dtype).RequireGrad();
        var h = c.GetProperty("hyper");
        var betas = h.TryGetProperty("betas", out var bs) ? Vec(bs) : [0.9, 0.999];
        Optimizer opt = c.GetProperty("optimizer").GetString() switch
        {
            "sgd" => new Sgd([p], H(h, "lr", 0), H(h, "momentum", 0), H(h, "dampening", 0), H(h, "weight_decay", 0), B(h, "nesterov")),
            "adam" => new Adam([p], H(h, "lr", 1e-3), betas[0], betas[1], H(h, "eps", 1e-8), H(h, "weight_decay", 0), B(h, "amsgrad")),
            "adamw" => new AdamW([p], H(h, "lr", 1e-3), betas[0], betas[1], H(h, "eps", 1e-8), H(h, "weight_decay", 1e-2), B(h, "amsgrad")),
            var other => throw new InvalidOperationException(other),
        };

        var grads = c.GetProperty("grads").EnumerateArray().ToArray();
        var traj = c.GetProperty("trajectory").EnumerateArray().ToArray();
        for (var k = 0; k < grads.Length; k++)
        {
            p.Grad = grads[k].ValueKind == JsonValueKind.Null ? null : Tensor.FromSpan(Vec(grads[k]), [init.Length], dtype);
            opt.Step();
            AssertClose(p.ToDoubleArray(), Vec(traj[k]), f32 ? 2e-6 : 1e-13, $"{name} step {k + 1}");
        }
    }

    [Fact]
    public void Lbfgs_strong_wolfe_on_rosenbrock_follows_pytorch()
    {
        var c = Root.GetProperty("lbfgs").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "rosenbrock_strong_wolfe");
        var x = Tensor.FromArray(Vec(c.GetProperty("init"))).RequireGrad();
        var opt = new Lbfgs([x], learningRate: 1, maxIterations: 20, historySize: 10, lineSearch: LbfgsLineSearch.StrongWolfe);
        var losses = Vec(c.GetProperty("losses"));
        var traj = c.GetProperty("trajectory").EnumerateArray().ToArray();
        for (var k = 0; k < traj.Length; k++)
        {
            var loss = opt.Step(() => LbfgsTests.RosenbrockClosure(opt, x));
            loss.Should().BeApproximately(losses[k], 1e-8 * Math.Max(1, Math.Abs(losses[k])));
            AssertClose(x.ToDoubleArray(), Vec(traj[k]), 1e-8, $"call {k + 1}");
        }

        opt.Iterations.Should().Be(c.GetProperty("n_iter").GetInt64());
        opt.FunctionEvaluations.Should().Be(c.GetProperty("func_evals").GetInt64());
    }

    [Fact]
    public void Lbfgs_fixed_step_on_a_quadratic_follows_pytorch()
    {
        var c = Root.GetProperty("lbfgs").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "quadratic_fixed_step");
        var x = Tensor.FromArray(Vec(c.GetProperty("init"))).RequireGrad();
        var opt = new Lbfgs([x], learningRate: 0.5, maxIterations: 4, historySize: 5);
        var traj = c.GetProperty("trajectory").EnumerateArray().ToArray();
        for (var k = 0; k < traj.Length; k++)
        {
            opt.Step(() => LbfgsTests.QuadraticClosure(opt, x));
            AssertClose(x.ToDoubleArray(), Vec(traj[k]), 1e-12, $"call {k + 1}");
        }

        opt.Iterations.Should().Be(c.GetProperty("n_iter").GetInt64());
        opt.FunctionEvaluations.Should().Be(c.GetProperty("func_evals").GetInt64());
    }
}
