using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Modules applied one after another; the i-th is registered as <c>"i"</c>, so entries are named
/// <c>0.weight</c>, <c>1.running_mean</c>… exactly like <c>torch.nn.Sequential</c>.
/// </summary>
public sealed class Sequential : Module
{
    private readonly Module[] _modules;

    /// <summary>Creates the chain.</summary>
    /// <param name="modules">The modules, in application order.</param>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _modules = (Module[])modules.Clone();
        for (var i = 0; i < _modules.Length; i++)
        {
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _modules[i] ?? throw new ArgumentException($"modules[{i}] is null.", nameof(modules)));
        }
    }

    /// <summary>Number of modules.</summary>
    public int Count => _modules.Length;

    /// <summary>The module at <paramref name="index"/>.</summary>
    /// <param name="index">Position in the chain.</param>
    public Module this[int index] => _modules[index];

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var m in _modules)
        {
            x = m.Forward(x);
        }

        return x;
    }
}
