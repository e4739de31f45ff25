using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NeuralHjb.Io;

/// <summary>
/// Writes <see cref="SafetensorsDocument"/>s in the safetensors format, byte for byte as the reference
/// implementation (<c>huggingface/safetensors</c>) would.
/// </summary>
/// <remarks>
/// <para>Layout: an 8-byte little-endian header length N, N bytes of compact UTF-8 JSON padded with spaces
/// to a multiple of 8, then the tensors' bytes back to back.</para>
/// <para>Order: like the reference implementation, tensors are sorted by element type, widest first
/// (U64, I64, F64, F32, U32, I32, BF16, F16, U16, I16, F8_E4M3, F8_E5M2, I8, U8, BOOL), then by name
/// (ordinal over UTF-8 bytes). Because the data buffer starts at a multiple of 8 and every tensor's byte
/// length is a multiple of its element size, this puts every tensor at an offset aligned to its element
/// size. The header lists <c>__metadata__</c> first (only when the metadata is non-empty, keys sorted
/// ordinally), then the tensors in layout order, each as
/// <c>{"dtype":…,"shape":[…],"data_offsets":[begin,end]}</c>.</para>
/// <para>The output depends only on the document's contents, never on the order of its entries.</para>
/// </remarks>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="document"/> to <paramref name="stream"/> at its current position.</summary>
    /// <param name="stream">A writable stream; not flushed to disk, not closed.</param>
    /// <param name="document">The tensors and metadata to write.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(Stream stream, SafetensorsDocument document)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(document);
        SafetensorsEntry[] ordered = Order(document);
        byte[] header = BuildHeader(ordered, document.Metadata);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (SafetensorsEntry e in ordered)
        {
            stream.Write(e.Data.Span);
        }
    }

    /// <summary>
    /// Writes <paramref name="document"/> to the file at <paramref name="path"/> atomically: the bytes go to a
    /// temporary file in the same directory, which is flushed to disk and then renamed over
    /// <paramref name="path"/>. A failure at any point leaves the previous file (if any) untouched and
    /// removes the temporary file.
    /// </summary>
    /// <param name="path">Target file; its directory must exist.</param>
    /// <param name="document">The tensors and metadata to write.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException">The file cannot be written or renamed.</exception>
    /// <remarks>The rename is atomic on one file system; the directory entry itself is not fsynced, so after a
    /// power loss the target may still name the previous file, but never a partial one.</remarks>
    public static void Write(string path, SafetensorsDocument document) => Write(path, document, wrapStream: null);

    /// <summary>Serialises <paramref name="document"/> to a new byte array.</summary>
    /// <param name="document">The tensors and metadata to write.</param>
    /// <returns>The complete file contents.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static byte[] ToBytes(SafetensorsDocument document)
    {
        using var ms = new MemoryStream();
        Write(ms, document);
        return ms.ToArray();
    }

    /// <summary>
    /// The atomic file write, with a hook that wraps the temporary file's stream (tests use it to inject
    /// failures part-way through).
    /// </summary>
    internal static void Write(string path, SafetensorsDocument document, Func<Stream, Stream>? wrapStream)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(document);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException("Path has no directory.", nameof(path));
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Stream target = wrapStream is null ? fs : wrapStream(fs);
                Write(target, document);
                target.Flush();
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The layout order: element type descending (reference enum order), then name by UTF-8 bytes.</summary>
    internal static SafetensorsEntry[] Order(SafetensorsDocument document)
    {
        var ordered = document.Entries.ToArray();
        var keys = new byte[ordered.Length][];
        for (int i = 0; i < ordered.Length; i++)
        {
            keys[i] = Encoding.UTF8.GetBytes(ordered[i].Name);
        }

        var idx = new int[ordered.Length];
        for (int i = 0; i < idx.Length; i++)
        {
            idx[i] = i;
        }

        Array.Sort(idx, (a, b) =>
        {
            int c = ordered[b].DType.CompareTo(ordered[a].DType);
            return c != 0 ? c : keys[a].AsSpan().SequenceCompareTo(keys[b]);
        });
        var result = new SafetensorsEntry[ordered.Length];
        for (int i = 0; i < idx.Length; i++)
        {
            result[i] = ordered[idx[i]];
        }

        return result;
    }

    private static byte[] BuildHeader(SafetensorsEntry[] ordered, IReadOnlyDictionary<string, string> metadata)
    {
        var sb = new StringBuilder(64 + (ordered.Length * 64));
        sb.Append('{');
        bool first = true;
        if (metadata.Count > 0)
        {
            AppendString(sb, SafetensorsEntry.MetadataKey);
            sb.Append(":{");
            string[] keys = metadata.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            for (int i = 0; i < keys.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                AppendString(sb, keys[i]);
                sb.Append(':');
                AppendString(sb, metadata[keys[i]]);
            }

            sb.Append('}');
            first = false;
        }

        long offset = 0;
        foreach (SafetensorsEntry e in ordered)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            AppendString(sb, e.Name);
            sb.Append(":{\"dtype\":");
            AppendString(sb, e.DTypeName);
            sb.Append(",\"shape\":[");
            for (int d = 0; d < e.Rank; d++)
            {
                if (d > 0)
                {
                    sb.Append(',');
                }

                sb.Append(e.Shape[d].ToString(CultureInfo.InvariantCulture));
            }

            long end = offset + e.Data.Length;
            sb.Append("],\"data_offsets\":[")
              .Append(offset.ToString(CultureInfo.InvariantCulture))
              .Append(',')
              .Append(end.ToString(CultureInfo.InvariantCulture))
              .Append("]}");
            offset = end;
        }

        sb.Append('}');
        int length = Encoding.UTF8.GetByteCount(sb.ToString());
        int padded = (length + 7) / 8 * 8;
        var bytes = new byte[padded];
        Encoding.UTF8.GetBytes(sb.ToString(), bytes);
        bytes.AsSpan(length).Fill((byte)' ');
        return bytes;
    }

    /// <summary>Appends a JSON string literal, escaping as serde_json does: quote, backslash and controls only.</summary>
    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original exception is what matters.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }
}
