using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>
/// Computes the gradients of a node's inputs from the gradient of its output. Rules are written with
/// tensor ops, so they are themselves differentiable when the backward pass runs with createGraph.
/// Entries for inputs that need no gradient may be null.
/// </summary>
internal delegate Tensor?[] BackwardRule(Node node, Tensor grad);

/// <summary>One recorded op in the define-by-run graph.</summary>
internal sealed class Node
{
    public Node(string op, Tensor[] inputs, BackwardRule rule)
    {
        Op = op;
        Inputs = inputs;
        Rule = rule;
    }

    public string Op { get; }

    public Tensor[] Inputs { get; }

    public BackwardRule Rule { get; }

    /// <summary>The op's result (for rules that reuse it, e.g. exp, tanh).</summary>
    public Tensor? Output { get; set; }

    /// <summary>Op-specific saved data (axes, exponents, masks).</summary>
    public object? Saved { get; set; }

    /// <summary>A saved scalar (exponent, bounds).</summary>
    public double S0 { get; set; }

    /// <summary>A second saved scalar.</summary>
    public double S1 { get; set; }

    /// <summary>Which inputs need a gradient in the current backward pass (rules may skip the others).</summary>
    /// <remarks>A field, so that the engine can set entries through the struct's indexer.</remarks>
    public InputMask Needs;

    /// <summary>Set once a backward pass without retainGraph has gone through this node.</summary>
    public bool Released { get; set; }

    // Per-pass bookkeeping of the backward engine, kept on the node instead of in dictionaries keyed by tensor.
    // A graph is traversed by one backward pass at a time (as for Needs above); Pass tells whose values these are.

    /// <summary>Number of the backward pass that last reached this node (0: none).</summary>
    public long Pass { get; set; }

    /// <summary>During a pass: the gradient accumulated so far for this node's output.</summary>
    public Tensor? PendingGrad { get; set; }

    /// <summary>During a pass with wanted tensors: whether this node's output lies on a path to one of them.</summary>
    public bool OnWantedPath { get; set; }
}
