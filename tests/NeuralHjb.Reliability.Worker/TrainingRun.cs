using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Reliability.Worker;

/// <summary>
/// A small but complete use of the shared <see cref="Trainer"/>: a tanh MLP fitted to
/// sin(x₀ + x₁x₂) with Adam, a cosine schedule, gradient clipping, two named loss terms and data drawn
/// from <c>new Philox(seed, step)</c>. Used in-process by the tests and out-of-process by the worker,
/// so a run killed in a child process can be compared bit for bit with one trained in the test.
/// </summary>
public sealed class TrainingRun
{
    /// <summary>Learning rate at step 0.</summary>
    public const double LearningRate = 0.01;

    /// <summary>Builds the network, optimiser and trainer of <paramref name="setup"/>.</summary>
    public TrainingRun(TrainingSetup setup)
    {
        Setup = setup;
        Net = new Mlp([3, setup.Width, setup.Width, 1], Activation.Tanh, generator: new Philox(setup.Seed), dtype: DType.Float64);
        Parameters = setup.Ballast > 0
            ? [.. Net.NamedParameters(), new("ballast", Tensor.Zeros([setup.Ballast], DType.Float64).RequireGrad())]
            : [.. Net.NamedParameters()];
        Optimizer = new Adam(Net.Parameters().ToArray(), learningRate: LearningRate);
        var state = new List<KeyValuePair<string, ITrainingState>>();
        if (setup.Dropout > 0)
        {
            Masks = new Philox(setup.Seed, 7);
            InputDropout = new Dropout(setup.Dropout, Masks);
            state.Add(new("dropout", new GeneratorPositionState(Masks)));
        }

        Trainer = new Trainer(Parameters, Optimizer, new TrainerOptions
        {
            Steps = setup.Steps,
            ReportEvery = setup.ReportEvery,
            CheckpointPath = setup.CheckpointPath,
            CheckpointEvery = setup.CheckpointEvery,
            ClipGradientNorm = 5.0,
            Schedule = setup.UseSchedule ? new CosineAnnealingSchedule(LearningRate, setup.Steps, LearningRate / 10) : null,
            OnDivergence = setup.OnDivergence,
            SnapshotEvery = setup.SnapshotEvery,
            Stage = "fit",
        }, state);
    }

    /// <summary>The set-up.</summary>
    public TrainingSetup Setup { get; }

    /// <summary>The network.</summary>
    public Mlp Net { get; }

    /// <summary>Its named parameters (as given to the trainer).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Parameters { get; }

    /// <summary>The optimiser.</summary>
    public Adam Optimizer { get; }

    /// <summary>The input dropout, or null when <see cref="TrainingSetup.Dropout"/> is 0.</summary>
    public Dropout? InputDropout { get; }

    /// <summary>The generator of <see cref="InputDropout"/>'s masks, or null.</summary>
    public Philox? Masks { get; }

    /// <summary>The trainer.</summary>
    public Trainer Trainer { get; }

    /// <summary>
    /// The objective. <paramref name="onStep"/> sees each step index before it is evaluated (tests cancel,
    /// throw or print there); <paramref name="extra"/> may add a term for a step (tests inject NaN there).
    /// </summary>
    public Func<int, LossEvaluation> Objective(Action<int>? onStep = null, Func<int, TrainingRun, Tensor?>? extra = null) => step =>
    {
        onStep?.Invoke(step);
        var rng = new Philox(Setup.Seed, 1_000_000 + (ulong)step);
        var x = Tensor.Uniform([Setup.Batch, 3], rng, -1, 1, DType.Float64);
        var target = (x.Slice(1, 0, 1) + (x.Slice(1, 1, 1) * x.Slice(1, 2, 1))).Sin();
        var fit = (Net.Forward(InputDropout?.Forward(x) ?? x) - target).Square().Mean();
        var reg = Net.NamedParameters().Select(p => p.Value.Square().Sum()).Aggregate((a, b) => a + b) * 1e-4;
        var total = fit + reg;
        if (extra?.Invoke(step, this) is { } more)
        {
            total = total + more;
        }

        return new LossEvaluation(total, [new("fit", fit), new("reg", reg)]);
    };

    /// <summary>Runs to the end with <see cref="Objective"/>.</summary>
    public TrainingHistory Run(Action<int>? onStep = null, CancellationToken cancellationToken = default)
        => Trainer.Run(Objective(onStep), cancellationToken: cancellationToken);

    /// <summary>Every parameter value, the optimiser state and the history, flattened for bitwise comparison.</summary>
    public double[] Fingerprint()
    {
        var values = new List<double>();
        foreach (var (_, p) in Parameters)
        {
            values.AddRange(p.ToDoubleArray());
        }

        foreach (var (key, t) in Optimizer.StateDict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            values.Add(key.Length);
            values.AddRange(t.ToDoubleArray());
        }

        var h = Trainer.History;
        values.AddRange(h.Steps.Select(s => (double)s));
        foreach (var name in h.SeriesNames)
        {
            values.Add(name.Length);
            values.AddRange(h[name]);
        }

        values.Add(Trainer.CompletedSteps);
        values.Add(Masks?.Position ?? 0);
        return [.. values];
    }

    /// <summary>A short hexadecimal digest of <see cref="Fingerprint"/> (what the worker prints).</summary>
    public string Digest()
    {
        var fp = Fingerprint();
        var bytes = new byte[fp.Length * sizeof(double)];
        Buffer.BlockCopy(fp, 0, bytes, 0, bytes.Length);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
    }
}
