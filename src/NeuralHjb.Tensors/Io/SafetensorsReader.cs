using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace NeuralHjb.Io;

/// <summary>
/// Reads safetensors files completely into memory and validates every structural rule before returning.
/// </summary>
/// <remarks>
/// <para>Any malformed input makes the reader throw <see cref="InvalidDataException"/> whose message names
/// the rule broken and, where relevant, the tensor; it never returns a partial document. The rules:
/// the file holds at least the 8-byte length prefix; the header length is at most
/// <see cref="MaxHeaderLength"/> and fits in the file; the header is valid UTF-8 holding one JSON object
/// (trailing whitespace allowed, so the spec's space padding is accepted, but not required);
/// no key appears twice (at the top level, inside <c>__metadata__</c> or inside a tensor);
/// <c>__metadata__</c>, if present, is null or an object of strings; each tensor is an object with a
/// string <c>dtype</c> naming a known type, a <c>shape</c> array of non-negative integers and a
/// <c>data_offsets</c> array of exactly two non-negative integers (other keys are ignored, as by the
/// reference implementation); the shape's byte size does not overflow; begin ≤ end ≤ data length;
/// end − begin = product(shape) × element size; and, sorted by begin, the tensors tile the data buffer
/// exactly — no overlap, no hole, no trailing bytes.</para>
/// <para>Files larger than <see cref="MaxFileLength"/> are refused. Tensor data is not copied out of the
/// buffer the file was read into: every <see cref="SafetensorsEntry.Data"/> is a slice of it.</para>
/// <para>Entries are returned in the order their keys appear in the header.</para>
/// </remarks>
public static class SafetensorsReader
{
    /// <summary>Largest accepted JSON header, in bytes (100,000,000, as in the reference implementation).</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>Largest accepted file, in bytes (2,000,000,000): the file is held in one managed array.</summary>
    public const long MaxFileLength = 2_000_000_000;

    /// <summary>Reads and validates the safetensors file at <paramref name="path"/>.</summary>
    /// <param name="path">File to read.</param>
    /// <returns>The validated document.</returns>
    /// <exception cref="InvalidDataException">The file is not valid safetensors; the message says why and
    /// starts with the path.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (e.g. <see cref="FileNotFoundException"/>).</exception>
    public static SafetensorsDocument Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return Read(fs);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads the rest of <paramref name="stream"/> and validates it as a safetensors file.</summary>
    /// <param name="stream">A readable stream positioned at the file's first byte; read to its end, not closed.</param>
    /// <returns>The validated document.</returns>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors, or exceed <see cref="MaxFileLength"/>.</exception>
    public static SafetensorsDocument Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(ReadAll(stream));
    }

    /// <summary>Validates <paramref name="file"/> as a complete safetensors file.</summary>
    /// <param name="file">The whole file. Entries reference this memory without copying it.</param>
    /// <returns>The validated document.</returns>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors.</exception>
    public static SafetensorsDocument Read(ReadOnlyMemory<byte> file)
    {
        if (file.Length > MaxFileLength)
        {
            throw Fail($"file is {file.Length} bytes, more than the {MaxFileLength}-byte limit");
        }

        if (file.Length < 8)
        {
            throw Fail($"file is {file.Length} bytes, shorter than the 8-byte header-length prefix (truncated?)");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file.Span);
        if (headerLength > MaxHeaderLength)
        {
            throw Fail($"header length {headerLength} exceeds the {MaxHeaderLength}-byte limit");
        }

        if (headerLength > (ulong)(file.Length - 8))
        {
            throw Fail($"header length {headerLength} runs past the end of the file " +
                       $"(only {file.Length - 8} bytes follow the length prefix; truncated?)");
        }

        int n = (int)headerLength;
        ReadOnlyMemory<byte> header = file.Slice(8, n);
        ReadOnlyMemory<byte> data = file[(8 + n)..];
        if (!Utf8.IsValid(header.Span))
        {
            throw Fail("header is not valid UTF-8");
        }

        List<RawEntry> raw;
        Dictionary<string, string>? metadata;
        try
        {
            (raw, metadata) = ParseHeader(header.Span);
        }
        catch (JsonException e)
        {
            throw Fail($"header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on an escaped lone surrogate, for instance.
            throw Fail($"header holds an invalid JSON string: {e.Message}", e);
        }

        return Build(raw, metadata, data);
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > MaxFileLength)
            {
                throw Fail($"file is {remaining} bytes, more than the {MaxFileLength}-byte limit");
            }

            var buffer = new byte[Math.Max(0, remaining)];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (read != buffer.Length)
            {
                throw Fail($"stream ended after {read} of {buffer.Length} bytes");
            }

            if (stream.ReadByte() != -1)
            {
                throw Fail("stream grew while it was being read");
            }

            return buffer;
        }

        using var ms = new MemoryStream();
        var chunk = new byte[1 << 16];
        int got;
        while ((got = stream.Read(chunk)) > 0)
        {
            if (ms.Length + got > MaxFileLength)
            {
                throw Fail($"file is more than the {MaxFileLength}-byte limit");
            }

            ms.Write(chunk, 0, got);
        }

        return ms.ToArray();
    }

    private static SafetensorsDocument Build(List<RawEntry> raw, Dictionary<string, string>? metadata, ReadOnlyMemory<byte> data)
    {
        var dtypes = new SafetensorsDType[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            RawEntry r = raw[i];
            if (!SafetensorsDTypes.TryParse(r.DType, out SafetensorsDType dtype))
            {
                throw Fail($"tensor '{r.Name}': unknown dtype \"{r.DType}\"");
            }

            dtypes[i] = dtype;

            if (!SafetensorsEntry.TryGetByteCount(r.Shape, SafetensorsDTypes.SizeOf(dtype), out _, out long bytes))
            {
                throw Fail($"tensor '{r.Name}': shape [{Dims(r.Shape)}] of {r.DType} overflows a 64-bit byte count");
            }

            if (r.Begin > r.End)
            {
                throw Fail($"tensor '{r.Name}': data_offsets [{r.Begin}, {r.End}] has begin > end");
            }

            if (r.End > data.Length)
            {
                throw Fail($"tensor '{r.Name}': data_offsets [{r.Begin}, {r.End}] run past the end of the " +
                           $"{data.Length}-byte data buffer (truncated?)");
            }

            if (r.End - r.Begin != bytes)
            {
                throw Fail($"tensor '{r.Name}': data_offsets [{r.Begin}, {r.End}] span {r.End - r.Begin} bytes " +
                           $"but {r.DType} shape [{Dims(r.Shape)}] needs {bytes}");
            }
        }

        // Sorted by (begin, end), the tensors must tile [0, data.Length) exactly.
        var order = new int[raw.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = raw[a].Begin.CompareTo(raw[b].Begin);
            return c != 0 ? c : raw[a].End.CompareTo(raw[b].End);
        });
        long expected = 0;
        string? previous = null;
        foreach (int i in order)
        {
            RawEntry r = raw[i];
            if (r.Begin < expected)
            {
                throw Fail($"tensors '{previous}' and '{r.Name}' overlap: '{r.Name}' begins at byte {r.Begin} " +
                           $"but '{previous}' ends at byte {expected}");
            }

            if (r.Begin > expected)
            {
                throw Fail(previous is null
                    ? $"hole in the data buffer: bytes [0, {r.Begin}) before tensor '{r.Name}' belong to no tensor"
                    : $"hole in the data buffer: bytes [{expected}, {r.Begin}) between tensors '{previous}' and '{r.Name}' belong to no tensor");
            }

            expected = r.End;
            previous = r.Name;
        }

        if (expected != data.Length)
        {
            throw Fail($"{data.Length - expected} trailing bytes after the last tensor " +
                       $"(the tensors cover {expected} of the {data.Length}-byte data buffer)");
        }

        var entries = new SafetensorsEntry[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            RawEntry r = raw[i];
            try
            {
                entries[i] = new SafetensorsEntry(r.Name, dtypes[i], r.Shape, data.Slice((int)r.Begin, (int)(r.End - r.Begin)));
            }
            catch (ArgumentException e)
            {
                throw Fail($"tensor '{r.Name}': {e.Message}", e);
            }
        }

        return new SafetensorsDocument(entries, metadata);
    }

    private static (List<RawEntry> Entries, Dictionary<string, string>? Metadata) ParseHeader(ReadOnlySpan<byte> header)
    {
        var reader = new Utf8JsonReader(header, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = 64,
        });
        var entries = new List<RawEntry>();
        Dictionary<string, string>? metadata = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        if (!reader.Read())
        {
            throw Fail("header is empty (expected a JSON object)");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"header must be a JSON object but starts with a {Describe(reader.TokenType)}");
        }

        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            string name = reader.GetString()!;
            if (!seen.Add(name))
            {
                throw Fail(name == SafetensorsEntry.MetadataKey
                    ? $"duplicate '{SafetensorsEntry.MetadataKey}' key in the header"
                    : $"duplicate tensor name '{name}' in the header");
            }

            Next(ref reader);
            if (name == SafetensorsEntry.MetadataKey)
            {
                metadata = ParseMetadata(ref reader);
            }
            else
            {
                entries.Add(ParseEntry(ref reader, name));
            }
        }

        // Anything but whitespace after the object makes Read throw a JsonException.
        if (reader.Read())
        {
            throw Fail("header has content after its JSON object");
        }

        return (entries, metadata);
    }

    private static Dictionary<string, string>? ParseMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"'{SafetensorsEntry.MetadataKey}' must be an object of strings but is a {Describe(reader.TokenType)}");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return result;
            }

            string key = reader.GetString()!;
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Fail($"'{SafetensorsEntry.MetadataKey}' value of '{key}' must be a string but is a {Describe(reader.TokenType)}");
            }

            if (!result.TryAdd(key, reader.GetString()!))
            {
                throw Fail($"duplicate key '{key}' in '{SafetensorsEntry.MetadataKey}'");
            }
        }
    }

    private static RawEntry ParseEntry(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail($"tensor '{name}': entry must be an object but is a {Describe(reader.TokenType)}");
        }

        string? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            string key = reader.GetString()!;
            Next(ref reader);
            switch (key)
            {
                case "dtype":
                    if (dtype is not null)
                    {
                        throw Fail($"tensor '{name}': duplicate key 'dtype'");
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw Fail($"tensor '{name}': 'dtype' must be a string but is a {Describe(reader.TokenType)}");
                    }

                    dtype = reader.GetString()!;
                    break;
                case "shape":
                    if (shape is not null)
                    {
                        throw Fail($"tensor '{name}': duplicate key 'shape'");
                    }

                    shape = ReadIntegerArray(ref reader, name, "shape");
                    break;
                case "data_offsets":
                    if (offsets is not null)
                    {
                        throw Fail($"tensor '{name}': duplicate key 'data_offsets'");
                    }

                    offsets = ReadIntegerArray(ref reader, name, "data_offsets");
                    if (offsets.Length != 2)
                    {
                        throw Fail($"tensor '{name}': 'data_offsets' must hold exactly 2 integers but holds {offsets.Length}");
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (dtype is null)
        {
            throw Fail($"tensor '{name}': missing 'dtype'");
        }

        if (shape is null)
        {
            throw Fail($"tensor '{name}': missing 'shape'");
        }

        if (offsets is null)
        {
            throw Fail($"tensor '{name}': missing 'data_offsets'");
        }

        return new RawEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegerArray(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail($"tensor '{name}': '{field}' must be an array of integers but is a {Describe(reader.TokenType)}");
        }

        var values = new List<long>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return values.ToArray();
            }

            if (reader.TokenType != JsonTokenType.Number)
            {
                throw Fail($"tensor '{name}': '{field}' must hold integers but holds a {Describe(reader.TokenType)}");
            }

            if (!reader.TryGetInt64(out long v))
            {
                string text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                throw Fail($"tensor '{name}': '{field}' value {text} is not an integer in the 64-bit range");
            }

            if (v < 0)
            {
                throw Fail(field == "shape"
                    ? $"tensor '{name}': negative dimension {v} in shape"
                    : $"tensor '{name}': negative data offset {v}");
            }

            values.Add(v);
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Fail("header JSON ends early");
        }
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    private static string Dims(long[] shape) =>
        string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static InvalidDataException Fail(string message, Exception? inner = null) =>
        new($"Invalid safetensors data: {message}.", inner);

    private sealed record RawEntry(string Name, string DType, long[] Shape, long Begin, long End);
}
