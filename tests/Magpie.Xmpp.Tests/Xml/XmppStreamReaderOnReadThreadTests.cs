using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;

namespace Magpie.Xmpp.Tests.Xml;

/// <summary>Every stream reader test again with a reader bound to a connection's read thread: the test's
/// calls are handed to that thread, where the stream and a synchronous XmlReader are read synchronously
/// (the test stream refuses synchronous reads anywhere else). The same input must be accepted and refused.</summary>
public sealed class XmppStreamReaderOnReadThreadTests : XmppStreamReaderTests, IDisposable
{
    private readonly ReaderThread _thread = new("test reader");

    private protected override XmppStreamReader CreateReader(Stream stream, XmlLimits? limits) => new(stream, limits, _thread);

    public void Dispose() => _thread.Complete();

    [Fact]
    public void Reading_synchronously_is_refused_off_the_read_thread()
    {
        // A synchronous read anywhere else would block a thread-pool thread on the network.
        var stream = new BudgetStream(ChunkedStream.Whole([1, 2, 3]), limit: 100);
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[3], 0, 3));
    }

    [Fact]
    public async Task Reads_handed_to_a_completed_thread_fail_as_a_closed_connection()
    {
        using var reader = CreateReader(ChunkedStream.Whole("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"u8.ToArray()), null);
        _thread.Complete();
        await Assert.ThrowsAsync<XmppConnectionException>(async () => await reader.ReadStreamHeaderAsync());
    }

    [Fact]
    public async Task A_read_thread_runs_a_loop_and_ends_when_completed()
    {
        var ranOn = await _thread.InvokeAsync(() => (ReaderThread.IsCurrent, Thread.CurrentThread));
        Assert.True(ranOn.IsCurrent);
        Assert.Equal("test reader", ranOn.CurrentThread.Name);
        Assert.False(ReaderThread.IsCurrent);
        _thread.Complete();
        Assert.True(ranOn.CurrentThread.Join(TimeSpan.FromSeconds(10)));
    }
}
