namespace NeuralHjb.Tensors;

/// <summary>Kind of device a tensor lives on.</summary>
public enum DeviceKind
{
    /// <summary>Host memory, CPU SIMD kernels.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU (reserved: no CUDA backend is built yet).</summary>
    Cuda,
}

/// <summary>
/// The device a tensor's storage lives on. Only <see cref="Cpu"/> has kernels today; ops dispatch on
/// the device so that a CUDA backend can be added without touching modules or solvers.
/// </summary>
public sealed record Device(DeviceKind Kind, int Index = 0)
{
    /// <summary>The host CPU.</summary>
    public static Device Cpu { get; } = new(DeviceKind.Cpu);

    /// <inheritdoc />
    public override string ToString() => Kind == DeviceKind.Cpu ? "cpu" : $"cuda:{Index}";
}
