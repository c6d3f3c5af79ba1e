namespace Magpie.Xmpp.Tests.Xml;

/// <summary>
/// A read-only test stream that serves bytes in chunks of the sizes its chunker picks, so a
/// parser sees every kind of buffer boundary. Reads complete synchronously, which keeps a whole parse on
/// the test's thread (handy for per-thread allocation measurements).
/// </summary>
internal sealed class ChunkedStream : Stream
{
    private readonly Func<long, int, ReadOnlyMemory<byte>> _source;
    private readonly Func<int> _nextChunk;
    private readonly long _length;

    /// <summary>Serves <paramref name="data"/>; each read returns at most <paramref name="nextChunk"/>() bytes.</summary>
    public ChunkedStream(byte[] data, Func<int> nextChunk)
        : this(data.Length, (offset, max) => data.AsMemory((int)offset, (int)Math.Min(max, data.Length - offset)), nextChunk) { }

    /// <summary>Serves <paramref name="length"/> bytes produced on demand by <paramref name="source"/>(offset, max),
    /// so a huge stream never exists in memory.</summary>
    public ChunkedStream(long length, Func<long, int, ReadOnlyMemory<byte>> source, Func<int> nextChunk)
    {
        _length = length;
        _source = source;
        _nextChunk = nextChunk;
    }

    /// <summary>Whole reads (as much as asked for).</summary>
    public static ChunkedStream Whole(byte[] data) => new(data, () => int.MaxValue);

    /// <summary>One byte per read.</summary>
    public static ChunkedStream ByteByByte(byte[] data) => new(data, () => 1);

    /// <summary>Random chunk sizes in [1, <paramref name="maxChunk"/>] from a fixed seed.</summary>
    public static ChunkedStream Random(byte[] data, int seed, int maxChunk = 97)
    {
        var random = new Random(seed);
        return new ChunkedStream(data, () => random.Next(1, maxChunk + 1));
    }

    /// <summary>Exactly the given chunk sizes, then whole reads.</summary>
    public static ChunkedStream Sizes(byte[] data, params int[] sizes)
    {
        var i = 0;
        return new ChunkedStream(data, () => i < sizes.Length ? sizes[i++] : int.MaxValue);
    }

    /// <summary>Bytes handed out so far.</summary>
    public long BytesServed { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;
    public override long Position { get => BytesServed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    // The library may read synchronously only on a connection's own read thread.
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!Magpie.Xmpp.Transport.ReaderThread.IsCurrent)
            throw new InvalidOperationException("ChunkedStream is read synchronously only on a read thread.");
        return Serve(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Serve(buffer.Span));
    }

    private int Serve(Span<byte> buffer)
    {
        var remaining = _length - BytesServed;
        if (remaining <= 0 || buffer.Length == 0)
            return 0;
        var n = (int)Math.Min(Math.Min(remaining, buffer.Length), Math.Max(1, _nextChunk()));
        var chunk = _source(BytesServed, n);
        chunk.Span.CopyTo(buffer);
        BytesServed += chunk.Length;
        return chunk.Length;
    }
}
