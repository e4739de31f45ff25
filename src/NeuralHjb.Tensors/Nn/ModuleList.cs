using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// An indexed list of submodules registered as <c>"0"</c>, <c>"1"</c>… (like <c>torch.nn.ModuleList</c>);
/// the owner decides how to apply them, so <see cref="Forward"/> is not supported.
/// </summary>
/// <typeparam name="T">The element module type.</typeparam>
public sealed class ModuleList<T> : Module
    where T : Module
{
    private readonly T[] _items;

    /// <summary>Creates the list.</summary>
    /// <param name="items">The modules.</param>
    public ModuleList(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
        for (var i = 0; i < _items.Length; i++)
        {
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _items[i] ?? throw new ArgumentException($"items[{i}] is null.", nameof(items)));
        }
    }

    /// <summary>Number of modules.</summary>
    public int Count => _items.Length;

    /// <summary>The module at <paramref name="index"/>.</summary>
    /// <param name="index">Position in the list.</param>
    public T this[int index] => _items[index];

    /// <summary>Not supported: a module list has no single forward rule.</summary>
    /// <param name="input">Ignored.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Tensor Forward(Tensor input) => throw new NotSupportedException("ModuleList has no Forward; apply its elements individually.");
}
