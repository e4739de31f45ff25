using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>Per-parameter optimiser state, allocated the first time the parameter has a gradient.</summary>
internal sealed class ParameterState
{
    public ParameterState(Tensor parameter, int bufferCount)
    {
        Buffers = new Tensor[bufferCount];
        for (var i = 0; i < bufferCount; i++)
        {
            Buffers[i] = Tensor.Zeros(parameter.ShapeRef, parameter.DType);
        }
    }

    /// <summary>Number of updates this parameter has received (PyTorch's per-parameter <c>step</c>).</summary>
    public long Step { get; set; }

    /// <summary>State buffers, named by the optimiser's <c>BufferNames</c>, shaped and typed like the parameter.</summary>
    public Tensor[] Buffers { get; }

    /// <summary>A dense copy of a non-contiguous gradient (allocated once, only when needed).</summary>
    public Array? GradScratch { get; set; }
}
