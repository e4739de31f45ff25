using System.Runtime.CompilerServices;
using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>Topological traversal of the graph from outputs to inputs, accumulating gradients.</summary>
internal static class BackwardEngine
{
    /// <summary>
    /// Runs the backward pass. With <paramref name="wanted"/> null, gradients are accumulated into the
    /// <see cref="Tensor.Grad"/> of every leaf that requires them; otherwise the gradients of the
    /// wanted tensors are returned and no <see cref="Tensor.Grad"/> is touched.
    /// </summary>
    /// <remarks>
    /// Compiled fully optimised on first use: a training loop calls it once per step, so tiered
    /// compilation would otherwise run it as unoptimised tier-0 code for the first 30 steps.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor?[] Run(IReadOnlyList<Tensor> outputs, Tensor[] seeds, IReadOnlyList<Tensor>? wanted, bool createGraph, bool retainGraph)
    {
        Dictionary<Tensor, int>? wantedIndex = null;
        if (wanted is not null)
        {
            wantedIndex = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < wanted.Count; i++)
            {
                wantedIndex.TryAdd(wanted[i], i);
            }
        }

        var order = TopologicalOrder(outputs, wantedIndex, out var needed);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < outputs.Count; i++)
        {
            Accumulate(grads, outputs[i], seeds[i]);
        }

        var results = new Tensor?[wanted?.Count ?? 0];
        var scope = new NoGradScope(!createGraph);
        try
        {
            // Reverse topological order: every consumer of a tensor is processed before the tensor.
            for (var k = order.Count - 1; k >= 0; k--)
            {
                var t = order[k];
                if (!grads.TryGetValue(t, out var g))
                {
                    continue;
                }

                if (wantedIndex is not null && wantedIndex.TryGetValue(t, out var wi))
                {
                    results[wi] = g;
                }

                var node = t.GradFn;
                if (node is null)
                {
                    if (wanted is null && t.RequiresGrad)
                    {
                        var gradValue = createGraph ? g : g.Detach();
                        t.Grad = t.Grad is null ? gradValue : t.Grad.Add(gradValue);
                    }

                    continue;
                }

                if (node.Released)
                {
                    throw new InvalidOperationException(
                        $"Trying to backward through the graph a second time (op '{node.Op}'): its buffers were freed by an earlier backward pass. Pass retainGraph: true the first time.");
                }

                var any = false;
                for (var i = 0; i < node.Inputs.Length; i++)
                {
                    var inp = node.Inputs[i];
                    node.Needs[i] = inp.RequiresGrad && (needed is null || needed.Contains(inp));
                    any |= node.Needs[i];
                }

                if (!any)
                {
                    continue;
                }

                var inputGrads = node.Rule(node, g);
                for (var i = 0; i < node.Inputs.Length; i++)
                {
                    if (!node.Needs[i] || inputGrads[i] is not { } ig)
                    {
                        continue;
                    }

                    var inp = node.Inputs[i];
                    if (!ig.Shape.SequenceEqual(inp.Shape))
                    {
                        throw new InvalidOperationException($"internal error: the backward rule of '{node.Op}' produced a gradient of shape {ShapeMath.Format(ig.Shape)} for an input of shape {ShapeMath.Format(inp.Shape)}.");
                    }

                    Accumulate(grads, inp, ig);
                }

                // Free this tensor's gradient once used: it is no longer needed.
                grads.Remove(t);
            }
        }
        finally
        {
            scope.Dispose();
        }

        if (!retainGraph)
        {
            foreach (var t in order)
            {
                if (t.GradFn is { } n)
                {
                    n.Released = true;
                    n.Saved = null;
                }
            }
        }

        return results;
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor t, Tensor g)
    {
        grads[t] = grads.TryGetValue(t, out var existing) ? existing.Add(g) : g;
    }

    /// <summary>
    /// Post-order list of the tensors reachable from the outputs through recorded ops. When
    /// <paramref name="wanted"/> is given, <paramref name="needed"/> holds the tensors on some path
    /// to a wanted tensor, so that branches leading elsewhere (e.g. to parameters) are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<Tensor> TopologicalOrder(IReadOnlyList<Tensor> outputs, Dictionary<Tensor, int>? wanted, out HashSet<Tensor>? needed)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        needed = wanted is null ? null : new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, int Next)>();
        foreach (var root in outputs)
        {
            if (!visited.Add(root))
            {
                continue;
            }

            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.GradFn?.Inputs;
                if (inputs is not null && next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if ((wanted is not null && wanted.ContainsKey(child)) || child.GradFn is not null || child.RequiresGrad)
                    {
                        if (visited.Add(child))
                        {
                            stack.Push((child, 0));
                        }
                    }

                    continue;
                }

                order.Add(t);
                if (needed is not null)
                {
                    var isNeeded = wanted!.ContainsKey(t);
                    if (!isNeeded && inputs is not null)
                    {
                        foreach (var c in inputs)
                        {
                            if (needed.Contains(c))
                            {
                                isNeeded = true;
                                break;
                            }
                        }
                    }

                    if (isNeeded)
                    {
                        needed.Add(t);
                    }
                }
            }
        }

        return order;
    }
}
