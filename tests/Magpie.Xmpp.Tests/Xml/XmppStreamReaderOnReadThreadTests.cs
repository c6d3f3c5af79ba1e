using Magpie.Xmpp.Transport;
using Magpie.Xmpp.Xml;

namespace Magpie.Xmpp.Tests.Xml;

/// <summary>Every stream reader test again, run the way a connection's dedicated read thread runs it: the
/// parser and the stream are read synchronously there (see <see cref="ReaderThread"/>), a different path
/// through XmlReader that must accept and refuse exactly the same input.</summary>
public sealed class XmppStreamReaderOnReadThreadTests : XmppStreamReaderTests
{
    protected override async Task<T> RunReadAsync<T>(Func<Task<T>> read)
    {
        T result = default!;
        var ranOnReadThread = false;
        await ReaderThread.Run(async () =>
        {
            ranOnReadThread = ReaderThread.IsCurrent;
            var pending = read();
            // Everything completes synchronously on the read thread: nothing waits for a completion.
            Assert.True(pending.IsCompleted, "the read went asynchronous on the read thread");
            result = await pending;
        }, "test reader");
        Assert.True(ranOnReadThread);
        return result;
    }

    [Fact]
    public void Reading_synchronously_is_refused_off_the_read_thread()
    {
        // A synchronous read anywhere else would block a thread-pool thread on the network.
        var stream = new BudgetStream(ChunkedStream.Whole([1, 2, 3]), limit: 100);
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[3], 0, 3));
    }
}
