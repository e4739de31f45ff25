using System.Runtime.CompilerServices;
using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>Topological traversal of the graph from outputs to inputs, accumulating gradients.</summary>
/// <remarks>
/// Per-tensor state of a pass lives on the graph's nodes (<see cref="Node.Pass"/>, <see cref="Node.PendingGrad"/>,
/// <see cref="Node.OnWantedPath"/>); only leaves, few in number, are tracked in dictionaries. The traversal
/// order, and with it the order in which gradients are summed, is the same as with per-tensor dictionaries.
/// </remarks>
internal static class BackwardEngine
{
    private static long s_lastPass;

    [ThreadStatic] private static Workspace? t_workspace;

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
        // A rule could in principle start a nested pass on this thread: it then gets fresh working lists.
        var ws = t_workspace ?? new Workspace();
        t_workspace = null;
        var pool = createGraph ? null : BackwardBufferPool.Begin();
        var succeeded = false;
        try
        {
            var results = Run(ws, outputs, seeds, wanted, createGraph, retainGraph, pool);
            succeeded = true;
            return results;
        }
        finally
        {
            pool?.End(succeeded);
            ws.Clear();
            t_workspace = ws;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Tensor?[] Run(Workspace ws, IReadOnlyList<Tensor> outputs, Tensor[] seeds, IReadOnlyList<Tensor>? wanted, bool createGraph, bool retainGraph, BackwardBufferPool? pool)
    {
        var pass = Interlocked.Increment(ref s_lastPass);
        Dictionary<Tensor, int>? wantedIndex = null;
        if (wanted is not null)
        {
            wantedIndex = ws.WantedIndex;
            for (var i = 0; i < wanted.Count; i++)
            {
                wantedIndex.TryAdd(wanted[i], i);
            }
        }

        var order = ws.Order;
        TopologicalOrder(ws, outputs, wantedIndex, pass);
        for (var i = 0; i < outputs.Count; i++)
        {
            Accumulate(ws, outputs[i], seeds[i]);
        }

        var results = new Tensor?[wanted?.Count ?? 0];
        var scope = new NoGradScope(!createGraph);
        try
        {
            // Reverse topological order: every consumer of a tensor is processed before the tensor.
            for (var k = order.Count - 1; k >= 0; k--)
            {
                var t = order[k];
                var node = t.GradFn;
                Tensor? g;
                if (node is null)
                {
                    if (!ws.LeafGrads.Remove(t, out g))
                    {
                        continue;
                    }
                }
                else
                {
                    g = node.PendingGrad;
                    if (g is null)
                    {
                        continue;
                    }

                    // Free this tensor's gradient once used: it is no longer needed.
                    node.PendingGrad = null;
                }

                if (wantedIndex is not null && wantedIndex.TryGetValue(t, out var wi))
                {
                    results[wi] = g;
                    pool?.Escape(g);
                }

                if (node is null)
                {
                    if (wanted is null && t.RequiresGrad)
                    {
                        // A gradient kept for reuse (ZeroGrad(setToNone: false)) takes the values; the pass's buffer stays pooled.
                        if (createGraph || t.ZeroedGrad is null || !ReusedGradient.TryAccumulate(t, g))
                        {
                            var gradValue = createGraph ? g : g.Detach();
                            t.Grad = t.Grad is null ? gradValue : t.Grad.Add(gradValue);
                            pool?.Escape(t.Grad);
                        }
                    }

                    continue;
                }

                if (node.Released)
                {
                    throw new InvalidOperationException(
                        $"Trying to backward through the graph a second time (op '{node.Op}'): its buffers were freed by an earlier backward pass. Pass retainGraph: true the first time.");
                }

                var inputs = node.Inputs;
                var any = false;
                for (var i = 0; i < inputs.Length; i++)
                {
                    var inp = inputs[i];
                    node.Needs[i] = inp.RequiresGrad && (wantedIndex is null || IsOnWantedPath(inp, wantedIndex, pass));
                    any |= node.Needs[i];
                }

                if (!any)
                {
                    continue;
                }

                var inputGrads = node.Rule(node, g);
                for (var i = 0; i < inputs.Length; i++)
                {
                    if (!node.Needs[i] || inputGrads[i] is not { } ig)
                    {
                        continue;
                    }

                    var inp = inputs[i];
                    if (!ReferenceEquals(ig.ShapeRef, inp.ShapeRef) && !ig.Shape.SequenceEqual(inp.Shape))
                    {
                        throw new InvalidOperationException($"internal error: the backward rule of '{node.Op}' produced a gradient of shape {ShapeMath.Format(ig.Shape)} for an input of shape {ShapeMath.Format(inp.Shape)}.");
                    }

                    Accumulate(ws, inp, ig);
                }
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
                if (t.GradFn is { } n && !n.Released)
                {
                    n.Released = true;
                    n.Saved = null;
                    ReleasePooled(n);
                }
            }
        }

        return results;
    }

    /// <summary>A released node no longer holds its pooled forward tensors (see <see cref="ForwardBufferPool"/>).</summary>
    private static void ReleasePooled(Node n)
    {
        foreach (var inp in n.Inputs)
        {
            if (inp.ForwardPooled)
            {
                ForwardBufferPool.Release(inp);
            }
        }

        if (n.Output is { ForwardPooled: true } output)
        {
            ForwardBufferPool.Release(output);
        }
    }

    /// <summary>Whether <paramref name="t"/> lies on a path to a wanted tensor (the <c>needed</c> set of the traversal).</summary>
    private static bool IsOnWantedPath(Tensor t, Dictionary<Tensor, int> wanted, long pass)
        => t.GradFn is { } n ? n.Pass == pass && n.OnWantedPath : wanted.ContainsKey(t);

    private static void Accumulate(Workspace ws, Tensor t, Tensor g)
    {
        if (t.GradFn is { } node)
        {
            // Tensors reached through a node the traversal did not visit never get processed; skip them as a
            // dictionary entry that is never read would have been.
            if (node.Pass == ws.Pass)
            {
                node.PendingGrad = node.PendingGrad is { } existing ? existing.Add(g) : g;
            }

            return;
        }

        ws.LeafGrads[t] = ws.LeafGrads.TryGetValue(t, out var existingLeaf) ? existingLeaf.Add(g) : g;
    }

    /// <summary>
    /// Post-order list of the tensors reachable from the outputs through recorded ops. When
    /// <paramref name="wanted"/> is given, nodes on some path to a wanted tensor are marked
    /// (<see cref="Node.OnWantedPath"/>) so that branches leading elsewhere (e.g. to parameters) are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TopologicalOrder(Workspace ws, IReadOnlyList<Tensor> outputs, Dictionary<Tensor, int>? wanted, long pass)
    {
        ws.Pass = pass;
        var order = ws.Order;
        var stack = ws.Stack;
        foreach (var root in outputs)
        {
            if (!ws.Visit(root, pass))
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
                        if (ws.Visit(child, pass))
                        {
                            stack.Push((child, 0));
                        }
                    }

                    continue;
                }

                order.Add(t);
                if (wanted is not null && t.GradFn is { } node)
                {
                    var isNeeded = wanted.ContainsKey(t);
                    if (!isNeeded)
                    {
                        foreach (var c in inputs!)
                        {
                            if (IsOnWantedPath(c, wanted, pass))
                            {
                                isNeeded = true;
                                break;
                            }
                        }
                    }

                    node.OnWantedPath = isNeeded;
                }
            }
        }
    }

    /// <summary>A thread's reusable working lists for one pass.</summary>
    private sealed class Workspace
    {
        public long Pass { get; set; }

        public List<Tensor> Order { get; } = [];

        public Stack<(Tensor Tensor, int Next)> Stack { get; } = new();

        public Dictionary<Tensor, int> WantedIndex { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Gradients accumulated for leaves (tensors without a node).</summary>
        public Dictionary<Tensor, Tensor> LeafGrads { get; } = new(ReferenceEqualityComparer.Instance);

        private HashSet<Tensor> VisitedLeaves { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Marks <paramref name="t"/> visited in this pass; false when it already was.</summary>
        public bool Visit(Tensor t, long pass)
        {
            if (t.GradFn is not { } node)
            {
                return VisitedLeaves.Add(t);
            }

            if (node.Pass == pass)
            {
                return false;
            }

            node.Pass = pass;
            node.PendingGrad = null;
            node.OnWantedPath = false;
            return true;
        }

        public void Clear()
        {
            Order.Clear();
            Stack.Clear();
            WantedIndex.Clear();
            LeafGrads.Clear();
            VisitedLeaves.Clear();
        }
    }
}
