namespace Magpie.Xmpp.Xml;

/// <summary>
/// A read-only pass-through stream that refuses to hand more than a budget of bytes to the XML parser
/// between two resets. The reader resets it at every top-level node, so the budget bounds one stanza.
/// </summary>
internal sealed class BudgetStream : Stream
{
    // XmlReader reads ahead by up to its buffer size; allow that much slack so a stanza just under the
    // limit followed by another is not refused.
    private const int ReadAheadSlack = 64 * 1024;
    private readonly Stream _inner;
    private readonly int _limit;
    private long _budgetEnd;

    public BudgetStream(Stream inner, int limit)
    {
        _inner = inner;
        _limit = limit;
        ResetBudget();
    }

    public long TotalBytes { get; private set; }

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

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The XMPP stream is read asynchronously only.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = _budgetEnd - TotalBytes;
        if (allowed <= 0)
            throw new StanzaBudgetExceededException(_limit);
        if (buffer.Length > allowed)
            buffer = buffer[..(int)allowed];
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        TotalBytes += n;
        return n;
    }
}
