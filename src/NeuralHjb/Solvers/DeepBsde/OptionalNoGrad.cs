using NeuralHjb.Autodiff;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>Autograd.NoGrad() when asked, else nothing.</summary>
internal readonly struct OptionalNoGrad(bool active) : IDisposable
{
    private readonly NoGradScope? _scope = active ? Autograd.NoGrad() : null;

    public void Dispose() => _scope?.Dispose();
}
