namespace Magpie.Xmpp.Xml;

/// <summary>
/// A read-only pass-through stream that refuses to hand more than a budget of bytes to the XML parser
/// between two resets. The reader resets it at every top-level node, so the budget bounds one stanza.
/// </summary>
internal sealed class BudgetStream : Stream
{
    // XmlReader asks for 64 KiB per read in async mode and reads again only once it has decoded what it
    // holds, so its lead over the parse position is one read. Handing it small reads keeps that lead (and
    // with it the slack the budget needs) small: with 64 KiB reads a 10 kB limit let 70 kB stanzas through.
    internal const int MaxRead = 4096;

    // The budget resets when the parser reaches a stanza, but up to one read of that stanza may already have
    // been taken before the reset, and the last read of a stanza may run one read past its end. Allow for
    // both so that a stanza just under the limit is never refused, whatever the chunking.
    private const int ReadAheadSlack = 2 * MaxRead;
    // The first bytes of the stream, kept so that the reader can tell which encoding the peer used (RFC 6120
    // §11.6 allows UTF-8 only) even when the parser, having detected another one, failed before saying so.
    private const int PrefixSize = 256;
    private readonly Stream _inner;
    private readonly int _limit;
    private readonly byte[] _prefix = new byte[PrefixSize];
    private int _prefixLength;
    private long _budgetEnd;

    public BudgetStream(Stream inner, int limit)
    {
        _inner = inner;
        _limit = limit;
        ResetBudget();
    }

    public long TotalBytes { get; private set; }

    /// <summary>Whether the inner stream has reported its end.</summary>
    public bool EndOfStream { get; private set; }

    /// <summary>Up to the first 256 bytes read from the inner stream.</summary>
    public ReadOnlySpan<byte> Prefix => _prefix.AsSpan(0, _prefixLength);

    public void ResetBudget() => _budgetEnd = TotalBytes + _limit + ReadAheadSlack;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Only on a connection's read thread (see <see cref="Transport.ReaderThread"/>), where reads may block;
    /// closing the transport, not a token, interrupts such a read.</summary>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!Transport.ReaderThread.IsCurrent)
            throw new NotSupportedException("The XMPP stream is read synchronously only on its reader thread.");
        buffer = buffer[..Limit(buffer.Length)];
        var n = _inner.Read(buffer);
        Keep(buffer[..n]);
        return Count(n, buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        buffer = buffer[..Limit(buffer.Length)];
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Keep(buffer.Span[..n]);
        return Count(n, buffer.Length);
    }

    /// <summary>How many bytes the next read may take; throws once the stanza's budget is spent.</summary>
    private int Limit(int wanted)
    {
        var allowed = _budgetEnd - TotalBytes;
        if (allowed <= 0)
            throw new StanzaBudgetExceededException(_limit);
        return (int)Math.Min(Math.Min(allowed, MaxRead), wanted);
    }

    private void Keep(ReadOnlySpan<byte> read)
    {
        if (_prefixLength == PrefixSize || read.IsEmpty)
            return;
        var take = Math.Min(read.Length, PrefixSize - _prefixLength);
        read[..take].CopyTo(_prefix.AsSpan(_prefixLength));
        _prefixLength += take;
    }

    private int Count(int n, int asked)
    {
        if (n == 0 && asked > 0)
            EndOfStream = true;
        TotalBytes += n;
        return n;
    }
}
