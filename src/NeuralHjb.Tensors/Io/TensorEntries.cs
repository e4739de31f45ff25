using NeuralHjb.Tensors;

namespace NeuralHjb.Io;

/// <summary>Converts between <see cref="Tensor"/> and safetensors entries (F32/F64).</summary>
public static class TensorEntries
{
    /// <summary>A safetensors entry holding a copy of <paramref name="tensor"/>'s elements.</summary>
    public static SafetensorsEntry ToEntry(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = new long[tensor.Rank];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = tensor.Shape[i];
        }

        return tensor.DType == DType.Float32
            ? SafetensorsEntry.FromFloat32(name, shape, tensor.ToFloatArray())
            : SafetensorsEntry.FromFloat64(name, shape, tensor.ToDoubleArray());
    }

    /// <summary>A new tensor from an F32 or F64 entry.</summary>
    /// <exception cref="InvalidDataException">The entry has another dtype or a shape too large for a tensor.</exception>
    public static Tensor ToTensor(SafetensorsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        int[] shape;
        try
        {
            shape = entry.GetShapeInt32();
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException($"tensor '{entry.Name}' has a dimension too large for a tensor.", e);
        }

        return entry.DType switch
        {
            SafetensorsDType.F32 => Tensor.FromArray(entry.ToFloat32Array(), shape),
            SafetensorsDType.F64 => Tensor.FromArray(entry.ToFloat64Array(), shape),
            _ => throw new InvalidDataException($"tensor '{entry.Name}' has dtype {entry.DTypeName}; only F32 and F64 can be loaded into tensors."),
        };
    }
}
