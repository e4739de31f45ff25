using System.Globalization;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Base class of every network module: a tree of named parameters, buffers and submodules with
/// PyTorch-style dotted names (<c>layers.0.weight</c>), a training/evaluation mode, freezing and
/// dtype conversion. Parameters are leaf <see cref="Tensor"/>s with <see cref="Tensor.RequiresGrad"/> set.
/// </summary>
/// <remarks>
/// <para>Registration order is the enumeration order of <see cref="NamedParameters"/>,
/// <see cref="NamedBuffers"/> and <see cref="StateDict"/>: a module's own entries first, then each
/// submodule's, recursively — as PyTorch's <c>state_dict()</c> orders them.</para>
/// <para>Local names are identifiers (letters, digits, underscore), so dotted names are unambiguous and
/// never contain '/' (checkpoints use '/' for non-module entries).</para>
/// </remarks>
public abstract class Module
{
    private readonly List<string> _parameterNames = [];
    private readonly Dictionary<string, Tensor> _parameters = new(StringComparer.Ordinal);
    private readonly List<string> _bufferNames = [];
    private readonly Dictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);
    private readonly List<string> _counterNames = [];
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, Module>> _children = [];

    /// <summary>True in training mode (the default), false in evaluation mode (see <see cref="Eval"/>).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Applies the module to a batch.</summary>
    /// <param name="input">The input tensor; each module documents the shape it expects.</param>
    /// <returns>The output tensor, part of the autodiff graph when the input or any parameter requires gradients.</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Total number of scalar parameters (frozen ones included), recursively.</summary>
    public long ParameterCount
    {
        get
        {
            long n = 0;
            foreach (var p in Parameters())
            {
                n += p.Count;
            }

            return n;
        }
    }

    /// <summary>Number of scalar parameters that currently require gradients.</summary>
    public long TrainableParameterCount
    {
        get
        {
            long n = 0;
            foreach (var p in Parameters())
            {
                if (p.RequiresGrad)
                {
                    n += p.Count;
                }
            }

            return n;
        }
    }

    /// <summary>The direct submodules with their local names, in registration order.</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>Every parameter, recursively, in registration order (frozen ones included).</summary>
    public IEnumerable<Tensor> Parameters()
    {
        foreach (var (_, p) in NamedParameters())
        {
            yield return p;
        }
    }

    /// <summary>The parameters that require gradients (what an optimiser should update).</summary>
    public IEnumerable<Tensor> TrainableParameters()
    {
        foreach (var (_, p) in NamedParameters())
        {
            if (p.RequiresGrad)
            {
                yield return p;
            }
        }
    }

    /// <summary>Every parameter with its dotted name (<c>layers.0.weight</c>), recursively.</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedParameters() => Walk(string.Empty, static m => m.LocalParameters());

    /// <summary>
    /// Every floating-point buffer (state that is saved but not trained, such as BatchNorm running
    /// statistics) with its dotted name, recursively.
    /// </summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedBuffers() => Walk(string.Empty, static m => m.LocalBuffers());

    /// <summary>Every integer counter (such as BatchNorm's <c>num_batches_tracked</c>) with its dotted name.</summary>
    public IEnumerable<KeyValuePair<string, long>> NamedCounters()
    {
        foreach (var (prefix, m) in NamedModules())
        {
            foreach (var name in m._counterNames)
            {
                yield return new(prefix + name, m._counters[name]);
            }
        }
    }

    /// <summary>This module and every submodule with the dotted prefix of its entries ("" for this one, "layers.0." ...).</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedModules()
    {
        var stack = new Stack<KeyValuePair<string, Module>>();
        stack.Push(new(string.Empty, this));
        while (stack.Count > 0)
        {
            var (prefix, m) = stack.Pop();
            yield return new(prefix, m);
            for (var i = m._children.Count - 1; i >= 0; i--)
            {
                stack.Push(new(prefix + m._children[i].Key + ".", m._children[i].Value));
            }
        }
    }

    /// <summary>
    /// Parameters followed by buffers of each module in the tree (module by module, like PyTorch's
    /// <c>state_dict()</c>), as dotted name → tensor. The tensors are the live ones, not copies.
    /// Integer counters are listed by <see cref="NamedCounters"/>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> StateDict()
    {
        var result = new List<KeyValuePair<string, Tensor>>();
        foreach (var (prefix, m) in NamedModules())
        {
            foreach (var (name, t) in m.LocalParameters())
            {
                result.Add(new(prefix + name, t));
            }

            foreach (var (name, t) in m.LocalBuffers())
            {
                result.Add(new(prefix + name, t));
            }
        }

        return result;
    }

    /// <summary>Switches this module and all submodules to training mode (or evaluation mode when <paramref name="mode"/> is false).</summary>
    /// <param name="mode">True for training, false for evaluation.</param>
    /// <returns>This module.</returns>
    public Module Train(bool mode = true)
    {
        foreach (var (_, m) in NamedModules())
        {
            m.Training = mode;
        }

        return this;
    }

    /// <summary>Switches this module and all submodules to evaluation mode (BatchNorm uses running statistics, Dropout is the identity).</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>Stops gradients for every parameter (sets <see cref="Tensor.RequiresGrad"/> to false); use the tensors' own flag to freeze a single one.</summary>
    /// <returns>This module.</returns>
    public Module Freeze()
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = false;
        }

        return this;
    }

    /// <summary>Makes every parameter trainable again.</summary>
    /// <returns>This module.</returns>
    public Module Unfreeze()
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = true;
        }

        return this;
    }

    /// <summary>Clears the accumulated <see cref="Tensor.Grad"/> of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.Grad = null;
        }
    }

    /// <summary>
    /// Converts every parameter and buffer to <paramref name="dtype"/> in place (the module keeps new
    /// leaf tensors; each parameter keeps its <see cref="Tensor.RequiresGrad"/> flag). References to the
    /// old parameter tensors held elsewhere (an optimiser's list) must be refreshed.
    /// </summary>
    /// <param name="dtype">The target element type.</param>
    /// <returns>This module.</returns>
    public Module To(DType dtype)
    {
        foreach (var (_, m) in NamedModules())
        {
            foreach (var name in m._parameterNames)
            {
                var old = m._parameters[name];
                if (old.DType != dtype)
                {
                    var t = old.Detach().To(dtype).Clone();
                    t.RequiresGrad = old.RequiresGrad;
                    m._parameters[name] = t;
                }
            }

            foreach (var name in m._bufferNames)
            {
                var old = m._buffers[name];
                if (old.DType != dtype)
                {
                    m._buffers[name] = old.Detach().To(dtype).Clone();
                }
            }

            m.OnDTypeChanged(dtype);
        }

        return this;
    }

    /// <summary>
    /// Replaces the parameter with dotted name <paramref name="name"/> by another tensor of the same shape
    /// and dtype (functional use: gradient checks, meta-learning). The module keeps the given tensor itself.
    /// </summary>
    /// <param name="name">Dotted parameter name, as listed by <see cref="NamedParameters"/>.</param>
    /// <param name="value">The new parameter tensor.</param>
    /// <exception cref="ArgumentException">No such parameter, or the shape or dtype differs.</exception>
    public void ReplaceParameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var (owner, local) = Resolve(name, nameof(name));
        if (!owner._parameters.TryGetValue(local, out var old))
        {
            throw new ArgumentException($"no parameter named '{name}'.", nameof(name));
        }

        if (!old.Shape.SequenceEqual(value.Shape) || old.DType != value.DType)
        {
            throw new ArgumentException(
                $"parameter '{name}' is {ShapeText(old.Shape)} {old.DType}; the replacement is {ShapeText(value.Shape)} {value.DType}.",
                nameof(value));
        }

        owner._parameters[local] = value;
    }

    /// <summary>Sets the value of an integer counter by dotted name (checkpoint loading).</summary>
    /// <param name="name">Dotted counter name, as listed by <see cref="NamedCounters"/>.</param>
    /// <param name="value">The new value.</param>
    /// <exception cref="ArgumentException">No such counter.</exception>
    public void SetCounter(string name, long value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (owner, local) = Resolve(name, nameof(name));
        if (!owner._counters.ContainsKey(local))
        {
            throw new ArgumentException($"no counter named '{name}'.", nameof(name));
        }

        owner._counters[local] = value;
    }

    /// <summary>Called on each module after <see cref="To(DType)"/> converted its tensors.</summary>
    /// <param name="dtype">The new element type.</param>
    protected virtual void OnDTypeChanged(DType dtype)
    {
    }

    /// <summary>Registers a trainable parameter (sets <see cref="Tensor.RequiresGrad"/>) under a local name.</summary>
    /// <param name="name">Local name: an identifier, unique within this module.</param>
    /// <param name="value">A leaf floating-point tensor.</param>
    /// <returns>The registered tensor.</returns>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNewName(name);
        if (!value.IsLeaf)
        {
            throw new ArgumentException($"parameter '{name}' must be a leaf tensor; pass a Detach()ed or fresh tensor.", nameof(value));
        }

        value.RequiresGrad = true;
        _parameterNames.Add(name);
        _parameters.Add(name, value);
        return value;
    }

    /// <summary>Registers a non-trainable floating-point buffer under a local name.</summary>
    /// <param name="name">Local name: an identifier, unique within this module.</param>
    /// <param name="value">The buffer's initial value (kept, not copied).</param>
    /// <returns>The registered tensor.</returns>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckNewName(name);
        _bufferNames.Add(name);
        _buffers.Add(name, value);
        return value;
    }

    /// <summary>Registers an integer counter (saved as a 64-bit integer scalar, like PyTorch's <c>num_batches_tracked</c>).</summary>
    /// <param name="name">Local name: an identifier, unique within this module.</param>
    /// <param name="value">Initial value.</param>
    protected void RegisterCounter(string name, long value = 0)
    {
        CheckNewName(name);
        _counterNames.Add(name);
        _counters.Add(name, value);
    }

    /// <summary>Registers a submodule under a local name; its entries appear as <c>name.entry</c>.</summary>
    /// <typeparam name="T">The submodule type.</typeparam>
    /// <param name="name">Local name: an identifier (or a decimal index), unique within this module.</param>
    /// <param name="module">The submodule.</param>
    /// <returns><paramref name="module"/>.</returns>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckNewName(name);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException("a module cannot contain itself.", nameof(module));
        }

        _children.Add(new(name, module));
        module.Train(Training);
        return module;
    }

    /// <summary>The current tensor of a local parameter.</summary>
    /// <param name="name">Local name given to <see cref="RegisterParameter"/>.</param>
    /// <returns>The parameter tensor.</returns>
    protected Tensor Parameter(string name) => _parameters[name];

    /// <summary>The current tensor of a local buffer.</summary>
    /// <param name="name">Local name given to <see cref="RegisterBuffer"/>.</param>
    /// <returns>The buffer tensor.</returns>
    protected Tensor Buffer(string name) => _buffers[name];

    /// <summary>The current value of a local counter.</summary>
    /// <param name="name">Local name given to <see cref="RegisterCounter"/>.</param>
    /// <returns>The counter value.</returns>
    protected long Counter(string name) => _counters[name];

    /// <summary>Sets a local counter.</summary>
    /// <param name="name">Local name given to <see cref="RegisterCounter"/>.</param>
    /// <param name="value">The new value.</param>
    protected void SetLocalCounter(string name, long value) => _counters[name] = value;

    /// <summary>Formats a shape as <c>[2, 3]</c> for messages.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The text.</returns>
    protected internal static string ShapeText(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>Throws when <paramref name="input"/> is not of rank <paramref name="rank"/> with last dimension <paramref name="features"/>.</summary>
    /// <param name="input">The tensor to check.</param>
    /// <param name="features">Required size of the last dimension.</param>
    /// <param name="rank">Required rank, or 0 for any rank of at least 1.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    protected static void CheckLastDim(Tensor input, int features, int rank, string paramName)
    {
        ArgumentNullException.ThrowIfNull(input, paramName);
        var ok = input.Rank >= 1 && input.Shape[^1] == features && (rank == 0 || input.Rank == rank);
        if (!ok)
        {
            var expected = rank switch
            {
                0 => $"[*, {features}]",
                1 => $"[{features}]",
                _ => "[" + string.Join(", ", Enumerable.Repeat("*", rank - 1)) + $", {features}]",
            };
            throw new ArgumentException($"expected input of shape {expected}, got {ShapeText(input.Shape)}.", paramName);
        }
    }

    /// <summary>Throws when the dtype of <paramref name="input"/> differs from the parameters' <paramref name="dtype"/>.</summary>
    /// <param name="input">The tensor to check.</param>
    /// <param name="dtype">The module's dtype.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    protected static void CheckDType(Tensor input, DType dtype, string paramName)
    {
        ArgumentNullException.ThrowIfNull(input, paramName);
        if (input.DType != dtype)
        {
            throw new ArgumentException($"expected a {dtype} input (the module's dtype), got {input.DType}; convert with To().", paramName);
        }
    }

    private IEnumerable<KeyValuePair<string, Tensor>> LocalParameters()
    {
        foreach (var name in _parameterNames)
        {
            yield return new(name, _parameters[name]);
        }
    }

    private IEnumerable<KeyValuePair<string, Tensor>> LocalBuffers()
    {
        foreach (var name in _bufferNames)
        {
            yield return new(name, _buffers[name]);
        }
    }

    private IEnumerable<KeyValuePair<string, Tensor>> Walk(string prefix, Func<Module, IEnumerable<KeyValuePair<string, Tensor>>> local)
    {
        foreach (var (p, m) in NamedModules())
        {
            foreach (var (name, t) in local(m))
            {
                yield return new(prefix + p + name, t);
            }
        }
    }

    private (Module Owner, string Local) Resolve(string name, string paramName)
    {
        var parts = name.Split('.');
        var m = this;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            Module? next = null;
            foreach (var (n, c) in m._children)
            {
                if (n == parts[i])
                {
                    next = c;
                    break;
                }
            }

            m = next ?? throw new ArgumentException($"no submodule '{parts[i]}' on the path '{name}'.", paramName);
        }

        return (m, parts[^1]);
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"'{name}' is not a valid local name: use letters, digits and '_' only.", nameof(name));
            }
        }

        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _counters.ContainsKey(name) || _children.Exists(c => c.Key == name))
        {
            throw new ArgumentException($"'{name}' is already registered on this module.", nameof(name));
        }
    }
}
