using System.Numerics.Tensors;

namespace NeuralHjb.Tensors;

/// <summary>float ↔ double conversion of spans (SIMD where available).</summary>
internal static class Precision
{
    public static void Widen(ReadOnlySpan<float> source, Span<double> destination) => TensorPrimitives.ConvertTruncating(source, destination);

    /// <summary>Round-to-nearest conversion (values beyond float range become ±inf).</summary>
    public static void Narrow(ReadOnlySpan<double> source, Span<float> destination) => TensorPrimitives.ConvertTruncating(source, destination);
}
