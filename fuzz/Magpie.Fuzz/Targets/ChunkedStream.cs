namespace Magpie.Fuzz.Targets;

/// <summary>Serves bytes in chunks whose sizes come from a seed, so that a parser meets every kind of buffer
/// boundary; reads complete synchronously, and the end of the data is the end of the stream.</summary>
internal sealed class ChunkedStream(byte[] data, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private int _offset;

    private int Next(int max)
    {
        // Seed 0: whole reads; otherwise 1..seed-sized chunks.
        var chunk = seed == 0 ? max : _random.Next(1, seed + 1);
        var n = Math.Min(Math.Min(chunk, max), data.Length - _offset);
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = Next(buffer.Length);
        data.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
