using System.CommandLine;
using System.Globalization;
using NeuralHjb.Solvers.MultiAgent;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>The options the two <c>--method bsde-ls</c> commands share, and list parsing ("0.1,0.2": one value per asset or agent).</summary>
internal sealed class MultiAgentCliOptions
{
    public Option<string> Method { get; } = new("--method") { Description = "Solver: bsde-ls (backward least squares over control grids, multi-agent).", DefaultValueFactory = _ => "bsde-ls" };

    public Option<int> Assets { get; } = new("--assets") { Description = "Number of assets N.", DefaultValueFactory = _ => 1 };

    public Option<int> Agents { get; } = new("--agents") { Description = "Number of agents M.", DefaultValueFactory = _ => 1 };

    public Option<string> Mu { get; } = new("--mu") { Description = "Drift per asset (one value for all, or comma-separated)." };

    public Option<double> Rate { get; } = new("--r") { Description = "Interest rate r." };

    public Option<string> Sigma { get; } = new("--sigma") { Description = "Volatility per asset (one value for all, or comma-separated)." };

    public Option<string> Gamma { get; } = new("--gamma") { Description = "Risk aversion per agent (one value for all, or comma-separated)." };

    public Option<string> Theta { get; } = new("--theta") { Description = "Performance weight θ per agent (one value for all, or comma-separated)." };

    public Option<double> Correlation { get; } = new("--correlation") { Description = "Correlation between every pair of assets." };

    public Option<int> Steps { get; } = new("--steps") { Description = "Decision steps (default: the preset's)." };

    public Option<int> Paths { get; } = new("--paths") { Description = "Training paths (default: the preset's)." };

    public Option<string> Preset { get; } = new("--preset") { Description = "quick (MLP, one bag) or standard (U-net, three bags).", DefaultValueFactory = _ => "quick" };

    public Option<string> Regressor { get; } = new("--regressor") { Description = "mlp or unet (default: the preset's)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Method);
        command.Options.Add(Assets);
        command.Options.Add(Agents);
        command.Options.Add(Mu);
        command.Options.Add(Rate);
        command.Options.Add(Sigma);
        command.Options.Add(Gamma);
        command.Options.Add(Theta);
        command.Options.Add(Correlation);
        command.Options.Add(Steps);
        command.Options.Add(Paths);
        command.Options.Add(Preset);
        command.Options.Add(Regressor);
    }

    /// <summary>The solver options from the preset and the overrides.</summary>
    public MultiAgentBsdeOptions SolverOptions(ParseResult parse, ulong seed)
    {
        var preset = parse.GetValue(Preset) switch
        {
            "quick" => MultiAgentBsdeOptions.Quick,
            "standard" => MultiAgentBsdeOptions.Standard,
            var other => throw new ArgumentException($"--preset must be quick or standard (got '{other}')."),
        };
        var options = preset with { Seed = seed };
        if (parse.GetResult(Steps) is not null)
        {
            options = options with { TimeSteps = parse.GetValue(Steps) };
        }

        if (parse.GetResult(Paths) is not null)
        {
            options = options with { TrainingPaths = parse.GetValue(Paths) };
        }

        if (parse.GetValue(Regressor) is { } regressor)
        {
            options = options with
            {
                Regressor = regressor switch
                {
                    "mlp" => GridRegressorKind.Mlp,
                    "unet" => GridRegressorKind.ResidualAttentionUNet,
                    _ => throw new ArgumentException($"--regressor must be mlp or unet (got '{regressor}')."),
                },
            };
        }

        return options;
    }

    /// <summary>The method, checked.</summary>
    public void CheckMethod(ParseResult parse)
    {
        if (parse.GetValue(Method) != "bsde-ls")
        {
            throw new ArgumentException($"--method must be bsde-ls for this problem (got '{parse.GetValue(Method)}').");
        }
    }

    /// <summary>Parses "a" or "a,b,…" into exactly <paramref name="count"/> values (one value is repeated).</summary>
    public static double[] List(string? text, int count, double fallback, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Enumerable.Repeat(fallback, count).ToArray();
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new ArgumentException($"{name}: '{parts[i]}' is not a number.");
            }
        }

        if (values.Length == 1)
        {
            return Enumerable.Repeat(values[0], count).ToArray();
        }

        if (values.Length != count)
        {
            throw new ArgumentException($"{name} needs one value or {count} comma-separated values (got {values.Length}).");
        }

        return values;
    }

    /// <summary>An N×N matrix with ones on the diagonal and ρ elsewhere, or null for one asset or ρ = 0.</summary>
    public static double[,]? EqualCorrelation(int assets, double rho)
    {
        if (assets == 1 || rho == 0)
        {
            return null;
        }

        var c = new double[assets, assets];
        for (var i = 0; i < assets; i++)
        {
            for (var j = 0; j < assets; j++)
            {
                c[i, j] = i == j ? 1 : rho;
            }
        }

        return c;
    }

    /// <summary>Prints the end of each regression to stderr (one line each).</summary>
    public static IProgress<TrainingProgress>? Progress(bool quiet, TextWriter error)
        => quiet ? null : new LineProgress(error);

    /// <summary>Writes a line per finished regression, on the calling thread.</summary>
    private sealed class LineProgress(TextWriter error) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Step == value.TotalSteps)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Stage}: loss {value.Loss:G4} ({value.Elapsed.TotalSeconds:F1}s)"));
            }
        }
    }
}
