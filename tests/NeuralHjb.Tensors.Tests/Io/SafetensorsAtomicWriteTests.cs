using NeuralHjb.Io;

namespace NeuralHjb.Tensors.Tests.Io;

public sealed class SafetensorsAtomicWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralhjb-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SafetensorsDocument Doc(float value, int n = 1000) =>
        new([SafetensorsEntry.FromFloat32("w", [n], Enumerable.Repeat(value, n).ToArray())]);

    [Fact]
    public void A_failure_mid_write_leaves_the_previous_file_intact_and_no_temp_file()
    {
        string path = Path.Combine(_dir, "ckpt.safetensors");
        SafetensorsWriter.Write(path, Doc(1f));
        byte[] before = File.ReadAllBytes(path);

        FluentActions.Invoking(() => SafetensorsWriter.Write(path, Doc(2f), s => new FailingStream(s, failAfter: 1500)))
            .Should().Throw<IOException>().WithMessage("*simulated*");

        File.ReadAllBytes(path).Should().Equal(before);
        SafetensorsReader.Read(path)["w"].ToFloat32Array().Should().AllBeEquivalentTo(1f);
        Directory.GetFiles(_dir).Should().Equal(path);
    }

    [Fact]
    public void A_failure_on_a_new_target_leaves_nothing_behind()
    {
        string path = Path.Combine(_dir, "new.safetensors");
        FluentActions.Invoking(() => SafetensorsWriter.Write(path, Doc(2f), s => new FailingStream(s, failAfter: 10)))
            .Should().Throw<IOException>();
        Directory.GetFileSystemEntries(_dir).Should().BeEmpty();
    }

    [Fact]
    public void A_successful_write_replaces_the_file_and_leaves_no_temp_file()
    {
        string path = Path.Combine(_dir, "ckpt.safetensors");
        SafetensorsWriter.Write(path, Doc(1f));
        SafetensorsWriter.Write(path, Doc(3f, 5));
        SafetensorsReader.Read(path)["w"].ToFloat32Array().Should().Equal(3f, 3f, 3f, 3f, 3f);
        Directory.GetFiles(_dir).Should().Equal(path);
    }

    [Fact]
    public void Relative_paths_are_written_in_their_own_directory()
    {
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _dir;
        try
        {
            SafetensorsWriter.Write("rel.safetensors", Doc(4f, 2));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        SafetensorsReader.Read(Path.Combine(_dir, "rel.safetensors"))["w"].ToFloat32Array().Should().Equal(4f, 4f);
    }

    /// <summary>Passes writes through until <c>failAfter</c> bytes, writes part of the next one, then throws.</summary>
    private sealed class FailingStream(Stream inner, int failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long room = failAfter - _written;
            if (buffer.Length > room)
            {
                inner.Write(buffer[..(int)Math.Max(0, room)]);
                inner.Flush();
                throw new IOException("simulated disk failure");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }
    }
}
