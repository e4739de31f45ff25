using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.Io;

namespace NeuralHjb.Tensors.Tests.Io;

public class SafetensorsRoundTripTests
{
    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Le64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }

    [Fact]
    public void Round_trips_F32_and_F64_with_metadata_bit_for_bit()
    {
        float[] f = [1f, -2f, 3.5f, float.NaN, float.PositiveInfinity, -0f, 1e-45f];
        double[] d = [Math.PI, double.NaN, -0.0, double.Epsilon, double.MaxValue, -1.0];
        var doc = new SafetensorsDocument(
            [SafetensorsEntry.FromFloat32("w", [7], f), SafetensorsEntry.FromFloat64("v", [2, 3], d)],
            new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"\n\t\u0001" });

        SafetensorsDocument back = SafetensorsReader.Read(SafetensorsWriter.ToBytes(doc));

        back.Count.Should().Be(2);
        back.Metadata.Should().BeEquivalentTo(doc.Metadata);
        back["w"].DType.Should().Be(SafetensorsDType.F32);
        back["w"].Shape.Should().Equal(7L);
        back["w"].ToFloat32Array().Select(BitConverter.SingleToInt32Bits).Should().Equal(f.Select(BitConverter.SingleToInt32Bits));
        back["v"].DType.Should().Be(SafetensorsDType.F64);
        back["v"].GetShapeInt32().Should().Equal(2, 3);
        back["v"].ToFloat64Array().Select(BitConverter.DoubleToInt64Bits).Should().Equal(d.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Round_trips_through_a_file_path()
    {
        string dir = Directory.CreateTempSubdirectory("neuralhjb-st-").FullName;
        try
        {
            string path = Path.Combine(dir, "model.safetensors");
            SafetensorsDocument doc = SafetensorsTestData.Sample();
            SafetensorsWriter.Write(path, doc);
            SafetensorsDocument back = SafetensorsReader.Read(path);
            SafetensorsWriter.ToBytes(back).Should().Equal(SafetensorsWriter.ToBytes(doc));
            back["step"].ToInt64Array().Should().Equal(42L);
            back["step"].Rank.Should().Be(0);
            back["empty"].ElementCount.Should().Be(0);
            back["half"].ToFloat32Array().Should().Equal(1f, 2f, 3f, 4f);
            back["half"].ToFloat64Array().Should().Equal(1.0, 2.0, 3.0, 4.0);
            back["mask"].ToInt64Array().Should().Equal(1L, 0L, 1L);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Matches_the_spec_byte_for_byte_for_a_tiny_tensor()
    {
        // {"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 54 bytes; padded with 2 spaces to 56.
        byte[] expected = Concat(
            [0x38, 0, 0, 0, 0, 0, 0, 0],
            Encoding.ASCII.GetBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  "),
            [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40]); // 1.0f, 2.0f little-endian

        var doc = new SafetensorsDocument([SafetensorsEntry.FromFloat32("x", [2], [1f, 2f])]);
        SafetensorsWriter.ToBytes(doc).Should().Equal(expected);

        SafetensorsDocument back = SafetensorsReader.Read(expected);
        back["x"].ToFloat32Array().Should().Equal(1f, 2f);
        back.Metadata.Should().BeEmpty();
    }

    [Fact]
    public void Matches_the_reference_layout_with_metadata_dtype_order_and_names()
    {
        // The reference writer puts __metadata__ first, then tensors widest dtype first, then by name.
        string json = "{\"__metadata__\":{\"format\":\"pt\"}," +
                      "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}," +
                      "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]}}";
        json.Length.Should().Be(140);
        byte[] expected = Concat(
            Le64(144),
            Encoding.ASCII.GetBytes(json + "    "),
            new byte[8], // -1.5 as little-endian binary64, filled in below
            [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40]);
        BinaryPrimitives.WriteDoubleLittleEndian(expected.AsSpan(8 + 144), -1.5);

        var doc = new SafetensorsDocument(
            [SafetensorsEntry.FromFloat32("a", [1, 2], [1f, 2f]), SafetensorsEntry.FromFloat64("b", [], [-1.5])],
            new Dictionary<string, string> { ["format"] = "pt" });
        SafetensorsWriter.ToBytes(doc).Should().Equal(expected);
    }

    [Fact]
    public void Empty_document_is_a_padded_empty_object()
    {
        byte[] bytes = SafetensorsWriter.ToBytes(new SafetensorsDocument([]));
        bytes.Should().Equal(Concat(Le64(8), Encoding.ASCII.GetBytes("{}      ")));
        SafetensorsReader.Read(bytes).Count.Should().Be(0);
    }

    [Fact]
    public void Output_does_not_depend_on_entry_order()
    {
        SafetensorsDocument doc = SafetensorsTestData.Sample();
        var reversed = new SafetensorsDocument(doc.Entries.Reverse(), doc.Metadata.Reverse());
        SafetensorsWriter.ToBytes(reversed).Should().Equal(SafetensorsWriter.ToBytes(doc));
    }

    [Fact]
    public void Reader_keeps_header_order_and_accepts_unpadded_headers()
    {
        string json = "{\"z\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        SafetensorsDocument doc = SafetensorsReader.Read(SafetensorsTestData.Raw(json, [7, 9]));
        doc.Entries.Select(e => e.Name).Should().Equal("z", "a");
        doc["z"].Data.ToArray().Should().Equal(9);
        doc["a"].Data.ToArray().Should().Equal(7);
    }

    [Fact]
    public void Reads_from_a_non_seekable_stream()
    {
        byte[] bytes = SafetensorsWriter.ToBytes(SafetensorsTestData.Sample());
        using var stream = new NonSeekableStream(new MemoryStream(bytes));
        SafetensorsDocument back = SafetensorsReader.Read(stream);
        SafetensorsWriter.ToBytes(back).Should().Equal(bytes);
    }

    [Fact]
    public void Every_tensor_is_aligned_to_its_element_size_and_round_trips()
    {
        SafetensorsDType[] dtypes = Enum.GetValues<SafetensorsDType>();
        Gen<SafetensorsEntry> entry =
            from dt in Gen.Elements(dtypes)
            from rank in Gen.Choose(0, 3)
            from shape in Gen.ArrayOf(Gen.Choose(0, 4), rank)
            from seed in Gen.Choose(0, 1000)
            select MakeEntry(dt, shape, seed);
        Gen<SafetensorsEntry[]> entries = Gen.ListOf(entry).Select(l => l
            .Select((e, i) => new SafetensorsEntry($"t{i}", e.DType, e.GetShape(), e.Data)).ToArray());

        Property property = Prop.ForAll(entries.ToArbitrary(), es =>
        {
            var doc = new SafetensorsDocument(es);
            byte[] bytes = SafetensorsWriter.ToBytes(doc);
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            SafetensorsDocument back = SafetensorsReader.Read(bytes);
            foreach (SafetensorsEntry e in es)
            {
                SafetensorsEntry b = back[e.Name];
                long offset = b.Data.Length == 0 ? 0 : ByteOffset(bytes, b.Data) - 8 - (long)n;
                if (offset % SafetensorsDTypes.SizeOf(b.DType) != 0 || !b.Data.Span.SequenceEqual(e.Data.Span)
                    || !b.Shape.SequenceEqual(e.Shape) || b.DType != e.DType)
                {
                    return false;
                }
            }

            return n % 8 == 0 && back.Count == es.Length;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }

    [Fact]
    public void Entry_and_document_constructors_validate_their_arguments()
    {
        FluentActions.Invoking(() => new SafetensorsEntry("x", SafetensorsDType.F32, [2], new byte[7]))
            .Should().Throw<ArgumentException>().WithMessage("*needs 8 bytes*7*");
        FluentActions.Invoking(() => new SafetensorsEntry("x", SafetensorsDType.F32, [-1], Array.Empty<byte>()))
            .Should().Throw<ArgumentException>().WithMessage("*negative*");
        FluentActions.Invoking(() => new SafetensorsEntry("__metadata__", SafetensorsDType.U8, [], new byte[1]))
            .Should().Throw<ArgumentException>().WithMessage("*reserved*");
        FluentActions.Invoking(() => new SafetensorsEntry("bad\ud800", SafetensorsDType.U8, [], new byte[1]))
            .Should().Throw<ArgumentException>().WithMessage("*surrogate*");
        FluentActions.Invoking(() => new SafetensorsEntry("big", SafetensorsDType.F64, [long.MaxValue, 2], new byte[1]))
            .Should().Throw<ArgumentException>().WithMessage("*overflow*");
        FluentActions.Invoking(() => new SafetensorsDocument(
                [SafetensorsEntry.FromFloat32("a", [1], [1f]), SafetensorsEntry.FromFloat64("a", [1], [1.0])]))
            .Should().Throw<ArgumentException>().WithMessage("*Duplicate tensor name 'a'*");
        FluentActions.Invoking(() => SafetensorsEntry.FromFloat32("a", [1], [1f]).ToFloat64Array()).Should().NotThrow();
        FluentActions.Invoking(() => SafetensorsEntry.FromFloat64("a", [1], [1.0]).ToFloat32Array())
            .Should().Throw<InvalidOperationException>().WithMessage("*F64*");
        FluentActions.Invoking(() => SafetensorsEntry.FromFloat64("a", [1], [1.0]).ToInt64Array())
            .Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void DType_names_round_trip()
    {
        foreach (SafetensorsDType dt in Enum.GetValues<SafetensorsDType>())
        {
            SafetensorsDTypes.TryParse(SafetensorsDTypes.ToName(dt), out SafetensorsDType back).Should().BeTrue();
            back.Should().Be(dt);
        }

        SafetensorsDTypes.TryParse("f32", out _).Should().BeFalse();
        SafetensorsDTypes.TryParse(null, out _).Should().BeFalse();
    }

    private static SafetensorsEntry MakeEntry(SafetensorsDType dt, int[] shape, int seed)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var data = new byte[count * SafetensorsDTypes.SizeOf(dt)];
        new System.Random(seed).NextBytes(data);
        return new SafetensorsEntry("tmp", dt, shape.Select(s => (long)s).ToArray(), data);
    }

    private static unsafe long ByteOffset(byte[] file, ReadOnlyMemory<byte> slice)
    {
        fixed (byte* a = file)
        fixed (byte* b = slice.Span)
        {
            return b - a;
        }
    }
}

/// <summary>A read-only wrapper that hides seeking, to exercise the reader's streaming path.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 3));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
