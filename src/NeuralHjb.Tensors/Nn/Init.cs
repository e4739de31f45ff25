using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>Which fan a Kaiming initialiser preserves the variance of.</summary>
public enum FanMode
{
    /// <summary>Fan-in: preserves the variance of activations in the forward pass (PyTorch's default).</summary>
    FanIn,

    /// <summary>Fan-out: preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}

/// <summary>
/// Weight initialisers with PyTorch's formulas (<c>torch.nn.init</c>), drawing from a seeded
/// <see cref="Philox"/> generator so that initial weights are reproducible. Each fills a tensor in
/// place (data only, outside the graph) and returns it.
/// </summary>
/// <remarks>
/// Fans follow PyTorch: for a weight of shape [out, in, k...], fan_in = in·∏k and fan_out = out·∏k
/// (so for ConvTranspose1d's [in, out, k] layout fan_in is out·k, exactly as PyTorch computes it).
/// </remarks>
public static class Init
{
    [ThreadStatic]
    private static Philox? _default;

    /// <summary>
    /// The generator modules use when none is passed: per thread, seeded with 0 unless reseeded with
    /// <see cref="ManualSeed"/>; each module construction advances it, like PyTorch's global generator.
    /// </summary>
    public static Philox DefaultGenerator => _default ??= new Philox(0);

    /// <summary>Reseeds this thread's <see cref="DefaultGenerator"/> (the analogue of <c>torch.manual_seed</c>).</summary>
    /// <param name="seed">The seed.</param>
    public static void ManualSeed(ulong seed) => _default = new Philox(seed);

    /// <summary>fan_in and fan_out of a weight of shape [out, in, k...] (PyTorch's <c>_calculate_fan_in_and_fan_out</c>).</summary>
    /// <param name="tensor">A tensor of rank at least 2.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">The rank is below 2.</exception>
    public static (int FanIn, int FanOut) Fans(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank < 2)
        {
            throw new ArgumentException($"fans need a tensor of rank at least 2, got shape {Module.ShapeText(tensor.Shape)}.", nameof(tensor));
        }

        var receptive = 1;
        for (var i = 2; i < tensor.Rank; i++)
        {
            receptive *= tensor.Shape[i];
        }

        return (tensor.Shape[1] * receptive, tensor.Shape[0] * receptive);
    }

    /// <summary>Fills with zeros.</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0.0);

    /// <summary>Fills with ones.</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1.0);

    /// <summary>Fills with <paramref name="value"/>.</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="value">The value.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Constant(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.CopyFrom(Tensor.Full(tensor.Shape, value, tensor.DType));
        return tensor;
    }

    /// <summary>Fills with U(low, high).</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="generator">The random generator.</param>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound (greater than <paramref name="low"/>).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Uniform(Tensor tensor, Philox generator, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        if (tensor.Count == 0)
        {
            return tensor;
        }

        if (!(high > low))
        {
            // A zero-width range (fan of zero cannot happen; bound 0 can with gain 0): fill the constant.
            return Constant(tensor, low);
        }

        tensor.CopyFrom(Tensor.Uniform(tensor.Shape, generator, low, high, tensor.DType));
        return tensor;
    }

    /// <summary>Fills with N(mean, std²).</summary>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="generator">The random generator.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="standardDeviation">Standard deviation (non-negative).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor Normal(Tensor tensor, Philox generator, double mean, double standardDeviation)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        if (tensor.Count == 0)
        {
            return tensor;
        }

        tensor.CopyFrom(Tensor.Normal(tensor.Shape, generator, mean, standardDeviation, tensor.DType));
        return tensor;
    }

    /// <summary>Xavier/Glorot uniform: U(−b, b) with b = gain·√(6 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">A tensor of rank at least 2.</param>
    /// <param name="generator">The random generator.</param>
    /// <param name="gain">Scaling factor (see <see cref="Gain"/>).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor XavierUniform(Tensor tensor, Philox generator, double gain = 1.0)
    {
        var (fi, fo) = Fans(tensor);
        var b = gain * Math.Sqrt(6.0 / (fi + fo));
        return Uniform(tensor, generator, -b, b);
    }

    /// <summary>Xavier/Glorot normal: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)).</summary>
    /// <param name="tensor">A tensor of rank at least 2.</param>
    /// <param name="generator">The random generator.</param>
    /// <param name="gain">Scaling factor (see <see cref="Gain"/>).</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor XavierNormal(Tensor tensor, Philox generator, double gain = 1.0)
    {
        var (fi, fo) = Fans(tensor);
        return Normal(tensor, generator, 0.0, gain * Math.Sqrt(2.0 / (fi + fo)));
    }

    /// <summary>
    /// Kaiming/He uniform: U(−b, b) with b = gain·√(3 / fan), gain = √(2 / (1 + a²)) (leaky ReLU with
    /// negative slope <paramref name="a"/>; a = 0 is ReLU). With a = √5 and fan-in this is PyTorch's
    /// default Linear/Conv weight init, U(−1/√fan_in, 1/√fan_in).
    /// </summary>
    /// <param name="tensor">A tensor of rank at least 2.</param>
    /// <param name="generator">The random generator.</param>
    /// <param name="a">Negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode">Which fan to use.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor KaimingUniform(Tensor tensor, Philox generator, double a = 0.0, FanMode mode = FanMode.FanIn)
    {
        var fan = Fan(tensor, mode);
        var b = LeakyReluGain(a) * Math.Sqrt(3.0 / fan);
        return Uniform(tensor, generator, -b, b);
    }

    /// <summary>Kaiming/He normal: N(0, σ²) with σ = gain / √fan, gain = √(2 / (1 + a²)).</summary>
    /// <param name="tensor">A tensor of rank at least 2.</param>
    /// <param name="generator">The random generator.</param>
    /// <param name="a">Negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode">Which fan to use.</param>
    /// <returns><paramref name="tensor"/>.</returns>
    public static Tensor KaimingNormal(Tensor tensor, Philox generator, double a = 0.0, FanMode mode = FanMode.FanIn)
    {
        var fan = Fan(tensor, mode);
        return Normal(tensor, generator, 0.0, LeakyReluGain(a) / Math.Sqrt(fan));
    }

    /// <summary>
    /// PyTorch's default initialisation of a Linear or Conv layer: weight ~ kaiming_uniform(a = √5), i.e.
    /// U(−1/√fan_in, 1/√fan_in), then bias ~ U(−1/√fan_in, 1/√fan_in) with the weight's fan_in.
    /// </summary>
    /// <param name="weight">The weight.</param>
    /// <param name="bias">The bias, or null.</param>
    /// <param name="generator">The random generator.</param>
    public static void DefaultLayer(Tensor weight, Tensor? bias, Philox generator)
    {
        KaimingUniform(weight, generator, Math.Sqrt(5.0));
        if (bias is not null)
        {
            var (fi, _) = Fans(weight);
            var b = fi > 0 ? 1.0 / Math.Sqrt(fi) : 0.0;
            Uniform(bias, generator, -b, b);
        }
    }

    /// <summary>The recommended gain for an activation (PyTorch's <c>calculate_gain</c>): tanh 5/3, ReLU √2, SiLU and others 1.</summary>
    /// <param name="activation">The activation that follows the layer.</param>
    /// <returns>The gain.</returns>
    public static double Gain(Activation activation) => activation switch
    {
        Activation.Tanh => 5.0 / 3.0,
        Activation.Relu => Math.Sqrt(2.0),
        _ => 1.0,
    };

    private static double LeakyReluGain(double a) => Math.Sqrt(2.0 / (1.0 + (a * a)));

    private static int Fan(Tensor tensor, FanMode mode)
    {
        var (fi, fo) = Fans(tensor);
        var fan = mode == FanMode.FanIn ? fi : fo;
        if (fan == 0)
        {
            throw new ArgumentException($"Kaiming initialisation of a tensor of shape {Module.ShapeText(tensor.Shape)} has a zero fan.", nameof(tensor));
        }

        return fan;
    }
}
