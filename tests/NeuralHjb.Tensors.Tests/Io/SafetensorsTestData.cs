using System.Buffers.Binary;
using System.Text;
using NeuralHjb.Io;

namespace NeuralHjb.Tensors.Tests.Io;

/// <summary>Builders for valid and hand-made safetensors byte strings.</summary>
internal static class SafetensorsTestData
{
    /// <summary>A file from a literal header (unpadded unless the caller pads) and data bytes.</summary>
    public static byte[] Raw(string headerJson, byte[] data, ulong? lengthOverride = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, lengthOverride ?? (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>A file whose header is <paramref name="headerJson"/> and whose data buffer is <paramref name="dataLength"/> zero bytes.</summary>
    public static byte[] Raw(string headerJson, int dataLength) => Raw(headerJson, new byte[dataLength]);

    /// <summary>A document exercising several dtypes, an empty tensor, a scalar and metadata.</summary>
    public static SafetensorsDocument Sample()
    {
        var bf16 = new byte[8];
        for (int i = 0; i < 4; i++)
        {
            // bfloat16 of 1, 2, 3, 4: the upper halves of the binary32 values.
            ushort bits = (ushort)(BitConverter.SingleToUInt32Bits(i + 1f) >> 16);
            BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(i * 2), bits);
        }

        return new SafetensorsDocument(
            [
                SafetensorsEntry.FromFloat32("layer.0.weight", [2, 3], [1f, -2f, 3.5f, float.NaN, float.NegativeInfinity, -0f]),
                SafetensorsEntry.FromFloat64("layer.0.bias", [3], [0.1, double.Epsilon, -1e300]),
                SafetensorsEntry.FromInt64("step", [], [42]),
                SafetensorsEntry.FromFloat32("empty", [0, 3], []),
                new SafetensorsEntry("half", SafetensorsDType.BF16, [4], bf16),
                new SafetensorsEntry("mask", SafetensorsDType.Bool, [3], new byte[] { 1, 0, 1 }),
            ],
            new Dictionary<string, string> { ["format"] = "pt", ["solver"] = "deep-bsde \"v1\"\n" });
    }
}
