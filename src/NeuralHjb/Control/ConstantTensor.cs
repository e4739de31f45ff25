using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// A constant (vector or matrix) held in double and materialised once per dtype, so hot paths do
/// not rebuild small parameter tensors on every call.
/// </summary>
internal sealed class ConstantTensor
{
    private readonly double[] _values;
    private readonly int[] _shape;
    private Tensor? _f32;
    private Tensor? _f64;

    public ConstantTensor(double[] values, params int[] shape)
    {
        _values = (double[])values.Clone();
        _shape = shape;
    }

    public ConstantTensor(double[,] matrix)
        : this(DenseMath.Flatten(matrix), matrix.GetLength(0), matrix.GetLength(1))
    {
    }

    public Tensor For(DType dtype) => dtype == DType.Float32
        ? _f32 ??= Tensor.FromSpan(_values, _shape, DType.Float32)
        : _f64 ??= Tensor.FromSpan(_values, _shape, DType.Float64);
}
