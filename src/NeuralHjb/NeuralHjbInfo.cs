using System.Reflection;
using System.Runtime.Intrinsics.X86;

namespace NeuralHjb;

/// <summary>Version and runtime capabilities of the library, for diagnostics and bug reports.</summary>
public static class NeuralHjbInfo
{
    /// <summary>The library's informational version.</summary>
    public static string Version { get; } =
        typeof(NeuralHjbInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "unknown";

    /// <summary>A one-line description of the SIMD support the kernels will use.</summary>
    public static string Simd => Fma.IsSupported && Avx2.IsSupported ? "AVX2+FMA" : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "128-bit SIMD" : "scalar";
}
