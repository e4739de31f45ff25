namespace NeuralHjb.Tensors;

/// <summary>Element type of a <see cref="Tensor"/>. Every op exists in both.</summary>
public enum DType
{
    /// <summary>IEEE 754 single precision: the fast default for training.</summary>
    Float32,

    /// <summary>IEEE 754 double precision: for validation, gradient checks and the deep-BSDE benchmarks.</summary>
    Float64,
}

/// <summary>Helpers for <see cref="DType"/>.</summary>
public static class DTypeExtensions
{
    /// <summary>Size of one element in bytes.</summary>
    public static int SizeInBytes(this DType dtype) => dtype == DType.Float32 ? 4 : 8;

    /// <summary>The .NET element type that stores <paramref name="dtype"/>.</summary>
    public static Type ClrType(this DType dtype) => dtype == DType.Float32 ? typeof(float) : typeof(double);
}
