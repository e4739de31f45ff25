using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>Reverse-mode automatic differentiation over the define-by-run graph.</summary>
public static class Autograd
{
    /// <summary>True when ops on this thread record a graph.</summary>
    public static bool IsGradEnabled => GradMode.Enabled;

    /// <summary>
    /// Disables graph recording on this thread until the returned scope is disposed:
    /// <c>using (Autograd.NoGrad()) { ... }</c>.
    /// </summary>
    public static NoGradScope NoGrad() => new(true);

    /// <summary>
    /// Gradients of <c>sum_i &lt;outputs[i], gradOutputs[i]&gt;</c> with respect to each of
    /// <paramref name="inputs"/>, without touching <see cref="Tensor.Grad"/>.
    /// </summary>
    /// <param name="outputs">Tensors to differentiate.</param>
    /// <param name="inputs">Tensors (leaves or intermediates) to differentiate with respect to.</param>
    /// <param name="gradOutputs">Seed gradients, one per output, each of its output's shape; may be null
    /// when every output has exactly one element (seed 1).</param>
    /// <param name="createGraph">When true the returned gradients are themselves part of the graph and
    /// can be differentiated again (higher-order derivatives, PINN residuals).</param>
    /// <param name="retainGraph">Keep the graph for another backward pass; defaults to <paramref name="createGraph"/>.</param>
    /// <param name="allowUnused">When false an input that does not influence the outputs is an error;
    /// when true its gradient is a zero tensor.</param>
    /// <returns>One gradient per input, shaped like the input.</returns>
    public static Tensor[] Grad(
        IReadOnlyList<Tensor> outputs,
        IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor>? gradOutputs = null,
        bool createGraph = false,
        bool? retainGraph = null,
        bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!inputs[i].RequiresGrad)
            {
                throw new ArgumentException($"inputs[{i}] does not require gradients: set RequiresGrad on it before building the graph.", nameof(inputs));
            }
        }

        var seeds = Seeds(outputs, gradOutputs);
        var found = BackwardEngine.Run(outputs, seeds, inputs, createGraph, retainGraph ?? createGraph);
        var result = new Tensor[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (found[i] is { } g)
            {
                result[i] = g;
            }
            else if (allowUnused)
            {
                result[i] = Tensor.Zeros(inputs[i].ShapeRef, inputs[i].DType);
            }
            else
            {
                throw new InvalidOperationException($"inputs[{i}] does not influence the outputs; pass allowUnused: true to get zeros.");
            }
        }

        return result;
    }

    /// <summary>Gradient of a single output with respect to a single input (see the list overload).</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool createGraph = false, bool? retainGraph = null, bool allowUnused = false)
        => Grad([output], [input], gradOutput is null ? null : [gradOutput], createGraph, retainGraph, allowUnused)[0];

    internal static Tensor[] Seeds(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor>? gradOutputs)
    {
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
        {
            throw new ArgumentException($"gradOutputs has {gradOutputs.Count} entries but there are {outputs.Count} outputs.", nameof(gradOutputs));
        }

        var seeds = new Tensor[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var o = outputs[i];
            if (!o.RequiresGrad)
            {
                throw new ArgumentException($"outputs[{i}] does not require gradients (it was computed without recording a graph).", nameof(outputs));
            }

            if (gradOutputs is null)
            {
                if (o.Count != 1)
                {
                    throw new ArgumentException($"outputs[{i}] has shape {ShapeMath.Format(o.Shape)}: backward of a non-scalar needs a seed gradient of the same shape.", nameof(gradOutputs));
                }

                seeds[i] = Tensor.Ones(o.ShapeRef, o.DType);
            }
            else
            {
                var g = gradOutputs[i];
                if (!g.Shape.SequenceEqual(o.Shape) || g.DType != o.DType)
                {
                    throw new ArgumentException($"gradOutputs[{i}] has shape {ShapeMath.Format(g.Shape)} {g.DType} but its output has {ShapeMath.Format(o.Shape)} {o.DType}.", nameof(gradOutputs));
                }

                seeds[i] = g;
            }
        }

        return seeds;
    }
}
