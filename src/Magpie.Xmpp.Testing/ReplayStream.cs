using System.Text;

namespace Magpie.Xmpp.Testing;

/// <summary>How the server's bytes are handed to the client's reads.</summary>
public enum ReplayDelivery
{
    /// <summary>As much as the read asks for.</summary>
    Whole,
    /// <summary>One byte per read: tests parsers at every buffer boundary.</summary>
    ByteByByte,
    /// <summary>Random chunk sizes from a fixed seed.</summary>
    RandomChunks,
}

/// <summary>
/// A fake network stream that plays the server side of a <see cref="Transcript"/> and checks what the
/// client writes, item by item, by XML structure. Server turns are released only once the client has
/// sent everything the transcript expects before them. Synchronous I/O fails the test: the library is
/// async only.
/// </summary>
public sealed class ReplayStream : Stream
{
    private readonly Transcript _transcript;
    private readonly ReplayDelivery _delivery;
    private readonly Random _random = new(12345);
    private readonly Lock _gate = new();
    private readonly StringBuilder _written = new();
    private readonly StringBuilder _allWritten = new();
    private readonly Dictionary<string, string> _bindings = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _block;
    private List<XmlItemScanner.Item>? _expectedItems;
    private byte[]? _serving;
    private int _servingOffset;
    private bool _disposed;

    /// <summary>A stream playing <paramref name="transcript"/>'s server side.</summary>
    /// <param name="transcript">The exchange to play.</param>
    /// <param name="delivery">How server bytes are handed to the client's reads.</param>
    public ReplayStream(Transcript transcript, ReplayDelivery delivery = ReplayDelivery.Whole)
    {
        _transcript = transcript;
        _delivery = delivery;
    }

    /// <summary>The first mismatch or misuse, if any.</summary>
    public string? Failure { get; private set; }

    /// <summary>When true, reads past the end of the transcript return 0 (the server hung up); otherwise
    /// they wait until the stream is disposed.</summary>
    public bool EndOfStreamAtEnd { get; set; }

    /// <summary>When true, what the client writes after the transcript's last block is recorded in
    /// <see cref="AllWritten"/> but not matched, so a test can end the transcript with hostile server input
    /// and then inspect the client's reaction (say, a stream error) itself.</summary>
    public bool AllowTrailingClientOutput { get; set; }

    /// <summary>What the placeholders were bound to.</summary>
    public IReadOnlyDictionary<string, string> Bindings => _bindings;

    /// <summary>Everything the client wrote.</summary>
    public string AllWritten { get { lock (_gate) return _allWritten.ToString(); } }

    /// <summary>Whether every block of the transcript was played.</summary>
    public bool IsComplete { get { lock (_gate) return _block >= _transcript.Blocks.Count && _serving is null; } }

    /// <summary>Throws when anything mismatched or the transcript was not played to its end.</summary>
    public void AssertComplete()
    {
        lock (_gate)
        {
            if (Failure is not null)
                throw new InvalidOperationException(Failure);
            if (_block < _transcript.Blocks.Count || _serving is not null)
            {
                var block = _transcript.Blocks[Math.Min(_block, _transcript.Blocks.Count - 1)];
                throw new InvalidOperationException($"{_transcript.Name}: the transcript was not played to its end; stopped at line {block.Line} ({(block.FromClient ? "C" : "S")}: {Shorten(block.Text)}). Client wrote so far: {Shorten(_allWritten.ToString(), 2000)}");
            }
        }
    }

    /// <summary>Waits until the transcript has been played to its end (or fails).</summary>
    public async Task WaitForEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (Failure is not null || (_block >= _transcript.Blocks.Count && _serving is null))
                    return;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                AssertComplete();
                return;
            }
        }
    }

    /// <summary>Waits until the client's output has bound placeholder <paramref name="name"/> (it sent the
    /// element that carries it).</summary>
    public async Task WaitForBindingAsync(string name, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_bindings.ContainsKey(name))
                    return;
                if (Failure is not null)
                    throw new InvalidOperationException(Failure);
                changed = _changed.Task;
            }
            await changed.WaitAsync(cts.Token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanWrite => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Flush() => Fail("the client flushed synchronously");
    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        Fail("the client read synchronously");
        throw new InvalidOperationException(Failure);
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        Fail("the client wrote synchronously");
        throw new InvalidOperationException(Failure);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_disposed || Failure is not null)
                    return 0;
                if (_serving is null && _block < _transcript.Blocks.Count && !_transcript.Blocks[_block].FromClient)
                {
                    // Join consecutive server blocks; fill in bound placeholders.
                    var text = new StringBuilder();
                    while (_block < _transcript.Blocks.Count && !_transcript.Blocks[_block].FromClient)
                        text.Append(Substitute(_transcript.Blocks[_block++].Text));
                    _serving = Encoding.UTF8.GetBytes(text.ToString());
                    _servingOffset = 0;
                }
                if (_serving is not null)
                {
                    var available = _serving.Length - _servingOffset;
                    var n = _delivery switch
                    {
                        ReplayDelivery.ByteByByte => 1,
                        ReplayDelivery.RandomChunks => _random.Next(1, 64),
                        _ => available,
                    };
                    n = Math.Min(Math.Min(n, available), buffer.Length);
                    _serving.AsSpan(_servingOffset, n).CopyTo(buffer.Span);
                    _servingOffset += n;
                    if (_servingOffset >= _serving.Length)
                    {
                        _serving = null;
                        Signal();
                    }
                    return n;
                }
                if (_block >= _transcript.Blocks.Count && EndOfStreamAtEnd)
                    return 0;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Failure is not null)
                throw new IOException("Replay failed earlier: " + Failure);
            var text = Encoding.UTF8.GetString(buffer.Span);
            _written.Append(text);
            _allWritten.Append(text);
            foreach (var item in XmlItemScanner.TakeComplete(_written))
                Match(item);
            if (Failure is not null)
                throw new IOException(Failure);
        }
        return ValueTask.CompletedTask;
    }

    private void Match(XmlItemScanner.Item actual)
    {
        if (_expectedItems is null || _expectedItems.Count == 0)
        {
            if (_block >= _transcript.Blocks.Count && AllowTrailingClientOutput)
                return; // already in AllWritten
            if (_block >= _transcript.Blocks.Count || !_transcript.Blocks[_block].FromClient)
            {
                var next = _block < _transcript.Blocks.Count ? $"the server's turn at line {_transcript.Blocks[_block].Line}" : "the end of the transcript";
                Fail($"{_transcript.Name}: the client sent {Shorten(actual.Text)} but the transcript expects {next}");
                return;
            }
            var scratch = new StringBuilder(_transcript.Blocks[_block].Text);
            _expectedItems = XmlItemScanner.TakeComplete(scratch);
            if (scratch.Length > 0)
                throw new FormatException($"{_transcript.Name}:{_transcript.Blocks[_block].Line}: incomplete XML in a C: block");
        }
        var expected = _expectedItems[0];
        var line = _transcript.Blocks[_block].Line;
        string? why;
        if (expected.Kind != actual.Kind)
            why = $"expected a {expected.Kind}, got a {actual.Kind}";
        else if (expected.Kind == XmlItemScanner.Kind.Footer)
            why = null;
        else
            why = XmlAssert.Compare(XmlAssert.ParseInStream(expected.Text), XmlAssert.ParseInStream(actual.Text), _bindings, headerOnly: expected.Kind == XmlItemScanner.Kind.Header);
        if (why is not null)
        {
            Fail($"{_transcript.Name}:{line}: the client's output does not match: {why}.\n  expected: {Shorten(expected.Text)}\n  actual:   {Shorten(actual.Text)}");
            return;
        }
        _expectedItems.RemoveAt(0);
        if (_expectedItems.Count == 0)
        {
            _expectedItems = null;
            _block++;
            Signal();
        }
    }

    private string Substitute(string text)
    {
        foreach (var (key, value) in _bindings)
            text = text.Replace("{" + key + "}", System.Security.SecurityElement.Escape(value), StringComparison.Ordinal);
        return text;
    }

    private void Fail(string message)
    {
        lock (_gate)
        {
            Failure ??= message;
            Signal();
        }
    }

    private void Signal()
    {
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private static string Shorten(string s, int max = 300) => s.Length <= max ? s : s[..max] + "…";

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            _disposed = true;
            Signal();
        }
        base.Dispose(disposing);
    }
}
