using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace NeuralHjb.Io;

/// <summary>
/// One named tensor of a safetensors file as raw little-endian bytes: name, element type, shape and
/// data. The entry is immutable from the outside; it does not copy the memory it is given, so the
/// caller must not change that memory afterwards.
/// </summary>
public sealed class SafetensorsEntry
{
    /// <summary>The reserved header key that holds the file's string metadata; not a valid tensor name.</summary>
    public const string MetadataKey = "__metadata__";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly long[] _shape;

    /// <summary>Creates an entry over existing little-endian bytes.</summary>
    /// <param name="name">Tensor name: any well-formed Unicode string except <see cref="MetadataKey"/>.</param>
    /// <param name="dtype">Element type.</param>
    /// <param name="shape">Dimensions, each ≥ 0; empty for a scalar. Copied.</param>
    /// <param name="data">Exactly product(<paramref name="shape"/>) × <see cref="SafetensorsDTypes.SizeOf"/> bytes,
    /// little-endian. Not copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is reserved or not well-formed UTF-16, a dimension is
    /// negative, the element count overflows, or <paramref name="data"/> has the wrong length.</exception>
    public SafetensorsEntry(string name, SafetensorsDType dtype, ReadOnlySpan<long> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == MetadataKey)
        {
            throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.", nameof(name));
        }

        if (!IsWellFormed(name))
        {
            throw new ArgumentException("Tensor name is not well-formed UTF-16 (lone surrogate).", nameof(name));
        }

        int elementSize = SafetensorsDTypes.SizeOf(dtype);
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Tensor '{name}': dimension {d} is negative.", nameof(shape));
            }
        }

        if (!TryGetByteCount(shape, elementSize, out long count, out long byteCount))
        {
            throw new ArgumentException($"Tensor '{name}': the byte size of the shape overflows a 64-bit integer.", nameof(shape));
        }

        if (byteCount != data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}': {SafetensorsDTypes.ToName(dtype)} shape [{string.Join(", ", shape.ToArray())}] needs " +
                $"{byteCount} bytes but data has {data.Length}.",
                nameof(data));
        }

        Name = name;
        DType = dtype;
        _shape = shape.ToArray();
        ElementCount = count;
        Data = data;
    }

    /// <summary>Tensor name (the header key).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>The header spelling of <see cref="DType"/>, e.g. <c>"F32"</c>.</summary>
    public string DTypeName => SafetensorsDTypes.ToName(DType);

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => Array.AsReadOnly(_shape);

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>The raw little-endian element bytes, row-major.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>A copy of the shape as a <see cref="long"/> array.</summary>
    /// <returns>A new array.</returns>
    public long[] GetShape() => (long[])_shape.Clone();

    /// <summary>A copy of the shape as an <see cref="int"/> array.</summary>
    /// <returns>A new array.</returns>
    /// <exception cref="OverflowException">A dimension exceeds <see cref="int.MaxValue"/>.</exception>
    public int[] GetShapeInt32()
    {
        var result = new int[_shape.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = checked((int)_shape[i]);
        }

        return result;
    }

    /// <summary>Creates an <see cref="SafetensorsDType.F32"/> entry, copying <paramref name="values"/>.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="shape">Dimensions; their product must equal <paramref name="values"/>' length.</param>
    /// <param name="values">Row-major elements.</param>
    /// <returns>The new entry, owning a fresh little-endian buffer.</returns>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static SafetensorsEntry FromFloat32(string name, ReadOnlySpan<long> shape, ReadOnlySpan<float> values)
    {
        var bytes = new byte[checked(values.Length * sizeof(float))];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        return new SafetensorsEntry(name, SafetensorsDType.F32, shape, bytes);
    }

    /// <summary>Creates an <see cref="SafetensorsDType.F64"/> entry, copying <paramref name="values"/>.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="shape">Dimensions; their product must equal <paramref name="values"/>' length.</param>
    /// <param name="values">Row-major elements.</param>
    /// <returns>The new entry, owning a fresh little-endian buffer.</returns>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static SafetensorsEntry FromFloat64(string name, ReadOnlySpan<long> shape, ReadOnlySpan<double> values)
    {
        var bytes = new byte[checked(values.Length * sizeof(double))];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
            }
        }

        return new SafetensorsEntry(name, SafetensorsDType.F64, shape, bytes);
    }

    /// <summary>Creates an <see cref="SafetensorsDType.I64"/> entry, copying <paramref name="values"/>.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="shape">Dimensions; their product must equal <paramref name="values"/>' length.</param>
    /// <param name="values">Row-major elements.</param>
    /// <returns>The new entry, owning a fresh little-endian buffer.</returns>
    /// <exception cref="ArgumentException">See the constructor.</exception>
    public static SafetensorsEntry FromInt64(string name, ReadOnlySpan<long> shape, ReadOnlySpan<long> values)
    {
        var bytes = new byte[checked(values.Length * sizeof(long))];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }

        return new SafetensorsEntry(name, SafetensorsDType.I64, shape, bytes);
    }

    /// <summary>
    /// The elements as <see cref="float"/>s. <see cref="SafetensorsDType.F32"/> is copied bit for bit;
    /// <see cref="SafetensorsDType.F16"/> and <see cref="SafetensorsDType.BF16"/> are widened (exactly).
    /// </summary>
    /// <returns>A new array of <see cref="ElementCount"/> values, row-major.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not F32, F16 or BF16.</exception>
    public float[] ToFloat32Array()
    {
        ReadOnlySpan<byte> src = Data.Span;
        switch (DType)
        {
            case SafetensorsDType.F32:
            {
                var result = new float[src.Length / sizeof(float)];
                if (BitConverter.IsLittleEndian)
                {
                    src.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
                }
                else
                {
                    for (int i = 0; i < result.Length; i++)
                    {
                        result[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(i * sizeof(float))..]);
                    }
                }

                return result;
            }

            case SafetensorsDType.F16:
            {
                var result = new float[src.Length / 2];
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(i * 2)..]);
                }

                return result;
            }

            case SafetensorsDType.BF16:
            {
                var result = new float[src.Length / 2];
                for (int i = 0; i < result.Length; i++)
                {
                    uint bits = (uint)BinaryPrimitives.ReadUInt16LittleEndian(src[(i * 2)..]) << 16;
                    result[i] = BitConverter.UInt32BitsToSingle(bits);
                }

                return result;
            }

            default:
                throw new InvalidOperationException(
                    $"Tensor '{Name}' has dtype {DTypeName}; ToFloat32Array needs F32, F16 or BF16.");
        }
    }

    /// <summary>
    /// The elements as <see cref="double"/>s. <see cref="SafetensorsDType.F64"/> is copied bit for bit;
    /// F32, F16 and BF16 are widened (exactly).
    /// </summary>
    /// <returns>A new array of <see cref="ElementCount"/> values, row-major.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not a floating-point type of 16–64 bits.</exception>
    public double[] ToFloat64Array()
    {
        if (DType == SafetensorsDType.F64)
        {
            ReadOnlySpan<byte> src = Data.Span;
            var result = new double[src.Length / sizeof(double)];
            if (BitConverter.IsLittleEndian)
            {
                src.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
            }
            else
            {
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadDoubleLittleEndian(src[(i * sizeof(double))..]);
                }
            }

            return result;
        }

        if (DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16)
        {
            float[] narrow = ToFloat32Array();
            var result = new double[narrow.Length];
            for (int i = 0; i < narrow.Length; i++)
            {
                result[i] = narrow[i];
            }

            return result;
        }

        throw new InvalidOperationException(
            $"Tensor '{Name}' has dtype {DTypeName}; ToFloat64Array needs F64, F32, F16 or BF16.");
    }

    /// <summary>
    /// The elements as <see cref="long"/>s: I64 copied, and BOOL, U8, I8, I16, U16, I32, U32 widened.
    /// </summary>
    /// <returns>A new array of <see cref="ElementCount"/> values, row-major.</returns>
    /// <exception cref="InvalidOperationException">The dtype is floating-point or U64.</exception>
    public long[] ToInt64Array()
    {
        if (DType is not (SafetensorsDType.I64 or SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.I16
            or SafetensorsDType.U16 or SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.Bool))
        {
            throw new InvalidOperationException(
                $"Tensor '{Name}' has dtype {DTypeName}; ToInt64Array needs an integer or BOOL dtype other than U64.");
        }

        ReadOnlySpan<byte> src = Data.Span;
        int size = SafetensorsDTypes.SizeOf(DType);
        var result = new long[src.Length / size];
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> s = src[(i * size)..];
            result[i] = DType switch
            {
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(s),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(s),
                SafetensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(s),
                SafetensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                SafetensorsDType.I8 => (sbyte)s[0],
                _ => s[0],
            };
        }

        return result;
    }

    /// <summary>
    /// Element and byte counts of a shape whose dimensions are all ≥ 0, or <see langword="false"/> when
    /// either overflows <see cref="long"/>. A zero dimension makes both counts zero whatever the others are.
    /// </summary>
    internal static bool TryGetByteCount(ReadOnlySpan<long> shape, int elementSize, out long elementCount, out long byteCount)
    {
        elementCount = 1;
        byteCount = 0;
        if (shape.Contains(0L))
        {
            elementCount = 0;
            return true;
        }

        foreach (long d in shape)
        {
            if (elementCount > long.MaxValue / d)
            {
                return false;
            }

            elementCount *= d;
        }

        if (elementCount > long.MaxValue / elementSize)
        {
            return false;
        }

        byteCount = elementCount * elementSize;
        return true;
    }

    /// <summary>Whether <paramref name="s"/> has no lone surrogates, so it round-trips through UTF-8.</summary>
    internal static bool IsWellFormed(string s)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(s);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {DTypeName}[{string.Join(", ", _shape)}]";
}
