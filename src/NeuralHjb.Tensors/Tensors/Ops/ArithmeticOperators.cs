using System.Numerics;

namespace NeuralHjb.Tensors;

/// <summary>One IEEE arithmetic operation, on scalars and on vectors (the same correctly rounded result per element).</summary>
internal interface IArithmetic<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Apply(T x, T y);

    static abstract Vector<T> Apply(Vector<T> x, Vector<T> y);
}

internal readonly struct AddArithmetic<T> : IArithmetic<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T y) => x + y;

    public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x + y;
}

internal readonly struct SubArithmetic<T> : IArithmetic<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T y) => x - y;

    public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x - y;
}

internal readonly struct MulArithmetic<T> : IArithmetic<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T y) => x * y;

    public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x * y;
}

internal readonly struct DivArithmetic<T> : IArithmetic<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T x, T y) => x / y;

    public static Vector<T> Apply(Vector<T> x, Vector<T> y) => x / y;
}
