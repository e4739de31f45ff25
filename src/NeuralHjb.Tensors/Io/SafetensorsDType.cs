namespace NeuralHjb.Io;

/// <summary>
/// The element types of the safetensors format. The declaration order mirrors the reference
/// implementation's ordering (growing element size), which the writer uses to lay tensors out so that
/// every tensor starts at a multiple of its element size.
/// </summary>
public enum SafetensorsDType
{
    /// <summary><c>BOOL</c>: one byte per element, 0 for false and 1 for true.</summary>
    Bool = 0,

    /// <summary><c>U8</c>: unsigned 8-bit integer.</summary>
    U8,

    /// <summary><c>I8</c>: signed 8-bit integer.</summary>
    I8,

    /// <summary><c>F8_E5M2</c>: 8-bit float with 5 exponent and 2 mantissa bits (raw bytes only).</summary>
    F8E5M2,

    /// <summary><c>F8_E4M3</c>: 8-bit float with 4 exponent and 3 mantissa bits (raw bytes only).</summary>
    F8E4M3,

    /// <summary><c>I16</c>: signed 16-bit integer, little-endian.</summary>
    I16,

    /// <summary><c>U16</c>: unsigned 16-bit integer, little-endian.</summary>
    U16,

    /// <summary><c>F16</c>: IEEE 754 binary16, little-endian.</summary>
    F16,

    /// <summary><c>BF16</c>: bfloat16 (the upper half of a binary32), little-endian.</summary>
    BF16,

    /// <summary><c>I32</c>: signed 32-bit integer, little-endian.</summary>
    I32,

    /// <summary><c>U32</c>: unsigned 32-bit integer, little-endian.</summary>
    U32,

    /// <summary><c>F32</c>: IEEE 754 binary32, little-endian.</summary>
    F32,

    /// <summary><c>F64</c>: IEEE 754 binary64, little-endian.</summary>
    F64,

    /// <summary><c>I64</c>: signed 64-bit integer, little-endian.</summary>
    I64,

    /// <summary><c>U64</c>: unsigned 64-bit integer, little-endian.</summary>
    U64,
}

/// <summary>Names and sizes of <see cref="SafetensorsDType"/> values as the format spells them.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Size in bytes of one element of <paramref name="dtype"/>.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined value.</exception>
    public static int SizeOf(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.Bool or SafetensorsDType.U8 or SafetensorsDType.I8
            or SafetensorsDType.F8E5M2 or SafetensorsDType.F8E4M3 => 1,
        SafetensorsDType.I16 or SafetensorsDType.U16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 2,
        SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.F32 => 4,
        SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>The header spelling of <paramref name="dtype"/>, e.g. <c>"F32"</c> or <c>"F8_E4M3"</c>.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>The name used in the JSON header.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined value.</exception>
    public static string ToName(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.Bool => "BOOL",
        SafetensorsDType.U8 => "U8",
        SafetensorsDType.I8 => "I8",
        SafetensorsDType.F8E5M2 => "F8_E5M2",
        SafetensorsDType.F8E4M3 => "F8_E4M3",
        SafetensorsDType.I16 => "I16",
        SafetensorsDType.U16 => "U16",
        SafetensorsDType.F16 => "F16",
        SafetensorsDType.BF16 => "BF16",
        SafetensorsDType.I32 => "I32",
        SafetensorsDType.U32 => "U32",
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.F64 => "F64",
        SafetensorsDType.I64 => "I64",
        SafetensorsDType.U64 => "U64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>Parses a header dtype name. Matching is exact (case-sensitive), as in the format.</summary>
    /// <param name="name">The name from the header, e.g. <c>"F64"</c>.</param>
    /// <param name="dtype">The parsed element type, or <see cref="SafetensorsDType.Bool"/> on failure.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> is a known dtype.</returns>
    public static bool TryParse(string? name, out SafetensorsDType dtype)
    {
        switch (name)
        {
            case "BOOL": dtype = SafetensorsDType.Bool; return true;
            case "U8": dtype = SafetensorsDType.U8; return true;
            case "I8": dtype = SafetensorsDType.I8; return true;
            case "F8_E5M2": dtype = SafetensorsDType.F8E5M2; return true;
            case "F8_E4M3": dtype = SafetensorsDType.F8E4M3; return true;
            case "I16": dtype = SafetensorsDType.I16; return true;
            case "U16": dtype = SafetensorsDType.U16; return true;
            case "F16": dtype = SafetensorsDType.F16; return true;
            case "BF16": dtype = SafetensorsDType.BF16; return true;
            case "I32": dtype = SafetensorsDType.I32; return true;
            case "U32": dtype = SafetensorsDType.U32; return true;
            case "F32": dtype = SafetensorsDType.F32; return true;
            case "F64": dtype = SafetensorsDType.F64; return true;
            case "I64": dtype = SafetensorsDType.I64; return true;
            case "U64": dtype = SafetensorsDType.U64; return true;
            default: dtype = SafetensorsDType.Bool; return false;
        }
    }
}
