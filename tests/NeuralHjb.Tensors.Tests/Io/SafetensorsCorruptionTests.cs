using System.Buffers.Binary;
using System.Text;
using NeuralHjb.Io;

namespace NeuralHjb.Tensors.Tests.Io;

public class SafetensorsCorruptionTests
{
    private const string F32x2At0 = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    private static void ShouldReject(byte[] file, string messagePattern) =>
        FluentActions.Invoking(() => SafetensorsReader.Read(file))
            .Should().ThrowExactly<InvalidDataException>().WithMessage(messagePattern);

    [Fact]
    public void Rejects_a_file_shorter_than_the_length_prefix() =>
        ShouldReject([1, 0, 0], "*3 bytes, shorter than the 8-byte header-length prefix*");

    [Fact]
    public void Rejects_a_truncated_file()
    {
        byte[] valid = SafetensorsWriter.ToBytes(SafetensorsTestData.Sample());
        ShouldReject(valid[..^1], "*tensor '*': data_offsets * run past the end of the * data buffer*");
        ShouldReject(valid[..20], "*header length * runs past the end of the file*");
    }

    [Fact]
    public void Rejects_a_header_length_past_the_end() =>
        ShouldReject(SafetensorsTestData.Raw("{}", [], lengthOverride: 3), "*header length 3 runs past the end of the file (only 2 bytes follow*");

    [Theory]
    [InlineData(100_000_001UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 63)]
    public void Rejects_a_huge_header_length(ulong length) =>
        ShouldReject(SafetensorsTestData.Raw("{}", [], lengthOverride: length), $"*header length {length} exceeds the 100000000-byte limit*");

    [Theory]
    [InlineData("not json", "*header is not valid JSON*")]
    [InlineData("", "*not valid JSON*")]
    [InlineData("{\"x\":", "*not valid JSON*")]
    [InlineData("{} {}", "*not valid JSON*")]
    [InlineData("{\"__metadata__\":{},}", "*not valid JSON*")]
    [InlineData("{/*c*/}", "*not valid JSON*")]
    [InlineData("[1,2]", "*header must be a JSON object but starts with a array*")]
    [InlineData("\"str\"", "*must be a JSON object*")]
    public void Rejects_a_header_that_is_not_a_JSON_object(string header, string pattern) =>
        ShouldReject(SafetensorsTestData.Raw(header, 0), pattern);

    [Fact]
    public void Rejects_a_header_that_is_not_UTF8() =>
        ShouldReject(SafetensorsTestData.Raw("{\"\u00e9\":1}", []).Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray(), "*not valid UTF-8*");

    [Fact]
    public void Rejects_overlapping_offsets() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"a\":" + F32x2At0 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
            "*tensors 'a' and 'b' overlap: 'b' begins at byte 4 but 'a' ends at byte 8*");

    [Fact]
    public void Rejects_a_zero_length_tensor_inside_another() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"a\":" + F32x2At0 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}", 8),
            "*'a' and 'b' overlap*");

    [Fact]
    public void Rejects_a_hole_between_tensors() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"a\":" + F32x2At0 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16),
            "*hole in the data buffer: bytes [8, 12) between tensors 'a' and 'b'*");

    [Fact]
    public void Rejects_a_hole_before_the_first_tensor() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "*hole in the data buffer: bytes [0, 4) before tensor 'a'*");

    [Fact]
    public void Rejects_a_wrong_byte_count() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
            "*tensor 'w': data_offsets [0, 8] span 8 bytes but F64 shape [2] needs 16*");

    [Fact]
    public void Rejects_an_unknown_dtype() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16),
            "*tensor 'w': unknown dtype \"F128\"*");

    [Fact]
    public void Rejects_duplicate_tensor_names() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"a\":" + F32x2At0 + ",\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16),
            "*duplicate tensor name 'a'*");

    [Fact]
    public void Rejects_duplicate_metadata_blocks_and_keys()
    {
        ShouldReject(SafetensorsTestData.Raw("{\"__metadata__\":{},\"__metadata__\":{}}", 0), "*duplicate '__metadata__'*");
        ShouldReject(SafetensorsTestData.Raw("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), "*duplicate key 'k' in '__metadata__'*");
        ShouldReject(SafetensorsTestData.Raw("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "*tensor 'a': duplicate key 'dtype'*");
    }

    [Fact]
    public void Rejects_a_negative_dimension() =>
        ShouldReject(
            SafetensorsTestData.Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}}", 0),
            "*tensor 'w': negative dimension -1 in shape*");

    [Fact]
    public void Rejects_trailing_bytes()
    {
        ShouldReject(SafetensorsTestData.Raw("{\"a\":" + F32x2At0 + "}", 9), "*1 trailing bytes after the last tensor*");
        ShouldReject(SafetensorsTestData.Raw("{}", 3), "*3 trailing bytes*");
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807,2],\"data_offsets\":[0,8]}}", "*tensor 'w': shape [9223372036854775807, 2] of F32 overflows*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]}}", "*overflows a 64-bit byte count*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}}", "*'shape' value 99999999999999999999 is not an integer in the 64-bit range*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", "*'shape' value 2.0 is not an integer*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", "*'shape' must hold integers but holds a string*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", "*'shape' must be an array of integers but is a number*")]
    [InlineData("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", "*'dtype' must be a string but is a number*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", "*'data_offsets' must hold exactly 2 integers but holds 3*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", "*tensor 'w': negative data offset -8*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", "*tensor 'w': data_offsets [8, 0] has begin > end*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,9223372036854775807]}}", "*run past the end of the 8-byte data buffer*")]
    [InlineData("{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "*tensor 'w': missing 'dtype'*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "*tensor 'w': missing 'shape'*")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", "*tensor 'w': missing 'data_offsets'*")]
    [InlineData("{\"w\":null}", "*tensor 'w': entry must be an object but is a null*")]
    [InlineData("{\"w\":[1]}", "*entry must be an object but is a array*")]
    [InlineData("{\"__metadata__\":[]}", "*'__metadata__' must be an object of strings but is a array*")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "*'__metadata__' value of 'k' must be a string but is a number*")]
    [InlineData("{\"\\ud800\":{}}", "*invalid JSON string*")]
    public void Rejects_malformed_entries(string header, string pattern) =>
        ShouldReject(SafetensorsTestData.Raw(header, 8), pattern);

    [Fact]
    public void Accepts_unknown_entry_keys_null_metadata_and_zero_sized_tensors()
    {
        string header = "{\"__metadata__\":null,\"e\":{\"dtype\":\"F64\",\"shape\":[0,5],\"data_offsets\":[0,0],\"extra\":{\"x\":[1]}}}";
        SafetensorsDocument doc = SafetensorsReader.Read(SafetensorsTestData.Raw(header, 0));
        doc["e"].ElementCount.Should().Be(0);
        doc["e"].ToFloat64Array().Should().BeEmpty();
        doc.Metadata.Should().BeEmpty();
    }

    [Fact]
    public void Rejects_a_too_large_stream_up_front()
    {
        using var stream = new FakeLengthStream(SafetensorsReader.MaxFileLength + 1);
        FluentActions.Invoking(() => SafetensorsReader.Read(stream))
            .Should().ThrowExactly<InvalidDataException>().WithMessage("*more than the 2000000000-byte limit*");
    }

    [Fact]
    public void Path_errors_name_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neuralhjb-bad-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("garbage!garbage"));
        try
        {
            FluentActions.Invoking(() => SafetensorsReader.Read(path))
                .Should().ThrowExactly<InvalidDataException>().WithMessage($"{path}: *header length*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Header_length_field_is_little_endian()
    {
        byte[] file = SafetensorsWriter.ToBytes(new SafetensorsDocument([]));
        BinaryPrimitives.ReadUInt64BigEndian(file).Should().NotBe(8UL);
        file[0].Should().Be(8);
    }

    private sealed class FakeLengthStream(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("must not read");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
