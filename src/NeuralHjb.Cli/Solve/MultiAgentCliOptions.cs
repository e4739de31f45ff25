using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Solvers.MultiAgent;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// The options the two <c>--method bsde-ls</c> commands share (market, agents, solver size), with the ranges of
/// the problem they are built for, and list expansion ("0.1,0.2": one value per asset or agent).
/// </summary>
internal sealed class MultiAgentCliOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="portfolio">True for mean-variance (σ, γ &gt; 0, θ &lt; 1, as MeanVarianceParameters validates), false for execution (σ, γ ≥ 0, θ ≤ 1, as AlmgrenChrissParameters does).</param>
    /// <param name="rate">The default interest rate.</param>
    /// <param name="mu">The default drift.</param>
    /// <param name="sigma">The default volatility.</param>
    public MultiAgentCliOptions(bool portfolio, double rate, double mu, double sigma)
    {
        Mu = ParameterOption.RealList("--mu", "drift μ per asset", "1/time", Text(mu));
        Rate = ParameterOption.Real("--r", "interest rate r", "1/time", rate);
        Sigma = ParameterOption.RealList("--sigma", "volatility σ per asset", "1/√time", Text(sigma), 0, minExclusive: portfolio);
        Gamma = ParameterOption.RealList("--gamma", "risk aversion γ per agent", string.Empty, "2", 0, minExclusive: portfolio);
        Theta = ParameterOption.RealList("--theta", "performance weight θ per agent (the weight of the others' wealth in the agent's criterion)", string.Empty, "0", 0, 1, maxExclusive: portfolio);
    }

    public Option<int> Assets { get; } = ParameterOption.Integer("--assets", "number of assets N", 1, 1, 64);

    public Option<int> Agents { get; } = ParameterOption.Integer("--agents", "number of agents M", 1, 1, 64);

    public Option<double[]?> Mu { get; }

    public Option<double> Rate { get; }

    public Option<double[]?> Sigma { get; }

    public Option<double[]?> Gamma { get; }

    public Option<double[]?> Theta { get; }

    public Option<double> Correlation { get; } = ParameterOption.Real("--correlation", "correlation ρ between every pair of assets (the matrix must be positive definite)", string.Empty, 0, -1, 1);

    public Option<int?> TimeSteps { get; } = ParameterOption.Count("--time-steps", "decision steps N_t on [0, T]", 1, 10_000);

    public Option<int?> Paths { get; } = ParameterOption.Count("--paths", "simulated training paths per iteration", 16, 10_000_000);

    public Option<string?> Regressor { get; } = CreateRegressor();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Assets, Agents, Mu, Rate, Sigma, Gamma, Theta, Correlation, TimeSteps, Paths, Regressor })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The solver options from --preset, --iterations, the overrides and the checkpoint folder.</summary>
    public MultiAgentBsdeOptions SolverOptions(SolveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var preset = context.Quick ? MultiAgentBsdeOptions.Quick : MultiAgentBsdeOptions.Standard;
        var options = preset with
        {
            Seed = context.Seed,
            TimeSteps = context.Get(TimeSteps) ?? preset.TimeSteps,
            TrainingPaths = context.Get(Paths) ?? preset.TrainingPaths,
            CheckpointDirectory = context.CheckpointDirectory,
        };
        if (context.Iterations is { } n)
        {
            // The cold first regression keeps the preset's multiple of the warm-started ones.
            var ratio = (double)preset.InitialTrainingSteps / preset.TrainingStepsPerTimeStep;
            options = options with { TrainingStepsPerTimeStep = n, InitialTrainingSteps = Math.Max(n, (int)Math.Round(ratio * n)) };
        }

        return context.Get(Regressor) switch
        {
            "mlp" => options with { Regressor = GridRegressorKind.Mlp },
            "unet" => options with { Regressor = GridRegressorKind.ResidualAttentionUNet },
            _ => options,
        };
    }

    /// <summary>A list option's values, one per asset or agent: the default when absent, one value repeated, or exactly <paramref name="count"/>.</summary>
    public static double[] Expand(double[]? values, int count, double fallback, string name)
    {
        if (values is null || values.Length == 0)
        {
            return Enumerable.Repeat(fallback, count).ToArray();
        }

        if (values.Length == 1)
        {
            return Enumerable.Repeat(values[0], count).ToArray();
        }

        return values.Length == count
            ? values
            : throw new ArgumentException($"{name} needs one value or {count} comma-separated values (got {values.Length}).", name);
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

    private static string Text(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Option<string?> CreateRegressor()
    {
        var option = new Option<string?>("--regressor") { Description = "regression network: mlp or unet (the residual attention U-net); default from --preset.", HelpName = "mlp|unet" };
        option.AcceptOnlyFromAmong("mlp", "unet");
        return option;
    }
}
