using NeuralHjb.Random;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>Uniform samples on [low, high) from a counter-based generator (reproducible per seed).</summary>
    public static Tensor Uniform(ReadOnlySpan<int> shape, Philox generator, double low = 0.0, double high = 1.0, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(high > low))
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"Uniform needs finite low < high (got {low}, {high}).");
        }

        var t = Zeros(shape, dtype);
        if (dtype == DType.Float32)
        {
            generator.FillUniform(t.Span<float>(), (float)low, (float)high);
        }
        else
        {
            generator.FillUniform(t.Span<double>(), low, high);
        }

        return t;
    }

    /// <summary>Gaussian samples N(mean, std²) from a counter-based generator (reproducible per seed).</summary>
    public static Tensor Normal(ReadOnlySpan<int> shape, Philox generator, double mean = 0.0, double standardDeviation = 1.0, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!double.IsFinite(mean) || !double.IsFinite(standardDeviation) || standardDeviation < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), $"Normal needs a finite mean and a finite, non-negative standard deviation (got {mean}, {standardDeviation}).");
        }

        var t = Zeros(shape, dtype);
        if (dtype == DType.Float32)
        {
            generator.FillNormal(t.Span<float>(), (float)mean, (float)standardDeviation);
        }
        else
        {
            generator.FillNormal(t.Span<double>(), mean, standardDeviation);
        }

        return t;
    }
}
