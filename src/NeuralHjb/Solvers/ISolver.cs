using NeuralHjb.Training;

namespace NeuralHjb.Solvers;

/// <summary>
/// The contract of every solver family (PINN, deep BSDE, policy iteration, direct control): a problem
/// and options in, a result out, progress through <see cref="IProgress{T}"/>, cancellation through a
/// token. Solvers never print.
/// </summary>
/// <typeparam name="TProblem">The problem description the solver consumes.</typeparam>
/// <typeparam name="TOptions">The solver's options record.</typeparam>
/// <typeparam name="TResult">The solver's result.</typeparam>
public interface ISolver<in TProblem, in TOptions, out TResult>
    where TResult : SolverResult
{
    /// <summary>Solves <paramref name="problem"/>.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Options (validated; bad values throw naming the option).</param>
    /// <param name="progress">Optional progress sink.</param>
    /// <param name="cancellationToken">Cancels the solve between training steps.</param>
    TResult Solve(TProblem problem, TOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default);
}
