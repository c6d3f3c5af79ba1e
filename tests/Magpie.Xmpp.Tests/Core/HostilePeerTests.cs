using System.Collections.Concurrent;
using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Core;

/// <summary>A logged-in client facing a server that turns hostile: the client must end the stream with the
/// right stream error, report it once through <see cref="XmppClient.Disconnected"/>, and throw nothing.</summary>
public sealed class HostilePeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Watches a client's events; attached before connecting, because the hostile input may be
    /// played before <see cref="ReplayHarness.ConnectAsync"/> returns.</summary>
    private sealed class Observer
    {
        private int _disconnectedCount;

        public TaskCompletionSource<DisconnectedEventArgs> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<Message> MessageMarkedLast { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ConcurrentQueue<Message> Messages { get; } = new();
        public int DisconnectedCount => Volatile.Read(ref _disconnectedCount);

        public void Attach(XmppClient client)
        {
            client.Disconnected += (_, e) =>
            {
                Interlocked.Increment(ref _disconnectedCount);
                Disconnected.TrySetResult(e);
            };
            client.MessageReceived += (_, m) =>
            {
                Messages.Enqueue(m);
                if (m.Id == "last")
                    MessageMarkedLast.TrySetResult(m);
            };
        }
    }

    private static async Task<(ReplaySession Session, Observer Observer)> ConnectAsync(string serverTurns)
    {
        var observer = new Observer();
        var session = await ReplayHarness.ConnectAsync(serverTurns, configure: observer.Attach,
            configureStream: stream => stream.AllowTrailingClientOutput = true);
        return (session, observer);
    }

    private static string StreamError(string condition) =>
        $"<stream:error><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>";

    private static string HostileInput(string kind) => kind switch
    {
        "comment" => "S: <!-- the server has something to say -->",
        "comment-in-stanza" => "S: <message from='romeo@example.net/orchard'><body>hi<!-- x --></body></message>",
        "doctype" => "S: <!DOCTYPE stream:stream [<!ENTITY lol 'lol'>]>",
        "processing-instruction" => "S: <?magpie crash?>",
        "undeclared-entity" => "S: <message from='romeo@example.net/orchard'><body>&xxe;</body></message>",
        "oversized" => "S: <message from='romeo@example.net/orchard'><body>" + new string('a', 2 * 1024 * 1024) + "</body></message>",
        "deep" => "S: <message>" + string.Concat(Enumerable.Repeat("<x>", 1000)),
        "garbage" => "S: \u0001\u0002<<>>\u00ff garbage",
        "mismatched" => "S: <message><body>hi</message>",
        "text" => "S: HTTP/1.1 400 Bad Request",
        "text-after-whitespace" => "S: <presence from='romeo@example.net/orchard'/> \n\n HTTP/1.1 400 Bad Request",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [InlineData("comment", "restricted-xml")]
    [InlineData("comment-in-stanza", "restricted-xml")]
    [InlineData("doctype", "restricted-xml")]
    [InlineData("processing-instruction", "restricted-xml")]
    [InlineData("undeclared-entity", "restricted-xml")]
    [InlineData("oversized", "policy-violation")]
    [InlineData("deep", "policy-violation")]
    [InlineData("garbage", "not-well-formed")]
    [InlineData("mismatched", "not-well-formed")]
    [InlineData("text", "not-well-formed")]
    [InlineData("text-after-whitespace", "not-well-formed")]
    public async Task Hostile_input_ends_the_stream_with_the_matching_stream_error(string kind, string condition)
    {
        var (session, observer) = await ConnectAsync(HostileInput(kind));
        await using (session)
        {
            var args = await observer.Disconnected.Task.WaitAsync(Timeout);

            var error = Assert.IsType<XmppRestrictedXmlException>(args.Error);
            Assert.Equal(condition, error.Condition);
            Assert.False(args.IsRequested);
            Assert.False(session.Client.IsConnected);
            // The stream error goes out before Disconnected is raised.
            Assert.EndsWith(StreamError(condition), session.Stream.AllWritten, StringComparison.Ordinal);
            Assert.Null(session.Stream.Failure);
            // The client stops reading at the first bad byte, so a long input need not be played to its end.
            if (kind != "oversized")
                Assert.True(session.Stream.IsComplete);
            // Sending now fails in the documented way instead of hanging or crashing.
            await Assert.ThrowsAsync<XmppNotConnectedException>(() =>
                session.Client.SendAsync(new Message(Jid.Parse("romeo@example.net"), "still there?")));
        }
        // Disposing after the failure neither throws nor reports the end a second time.
        Assert.Equal(1, observer.DisconnectedCount);
    }

    [Theory]
    [InlineData("<a xmlns='urn:xmpp:sm:3'/>")]
    [InlineData("<a xmlns='urn:xmpp:sm:3' h=''/>")]
    [InlineData("<a xmlns='urn:xmpp:sm:3' h='one'/>")]
    [InlineData("<a xmlns='urn:xmpp:sm:3' h='-1'/>")]
    [InlineData("<a xmlns='urn:xmpp:sm:3' h='4294967296'/>")]
    public async Task A_stream_management_ack_without_a_valid_h_ends_the_stream_with_a_stream_error(string ack)
    {
        var observer = new Observer();
        var session = await ReplayHarness.ConnectAsync($$"""
            C: <enable xmlns='urn:xmpp:sm:3' resume='true'/>
            S: <enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>
            S: {{ack}}
            """, configure: observer.Attach, configureStream: stream => stream.AllowTrailingClientOutput = true,
            features: "<sm xmlns='urn:xmpp:sm:3'/>");
        await using (session)
        {
            var args = await observer.Disconnected.Task.WaitAsync(Timeout);

            var error = Assert.IsType<XmppProtocolException>(args.Error);
            Assert.Equal("undefined-condition", error.Condition);
            Assert.Contains("stream management counter", error.Message, StringComparison.Ordinal);
            Assert.False(args.IsRequested);
            Assert.EndsWith(StreamError("undefined-condition"), session.Stream.AllWritten, StringComparison.Ordinal);
            Assert.Null(session.Stream.Failure);
        }
        Assert.Equal(1, observer.DisconnectedCount);
    }

    [Fact]
    public async Task Pending_iq_fails_with_not_connected_when_the_server_turns_hostile()
    {
        var (session, observer) = await ConnectAsync("""
            C: <iq type='get' id='q1' to='example.com'><query xmlns='jabber:iq:version'/></iq>
            S: <!-- no answer for you -->
            """);
        await using (session)
        {
            var request = new Iq(IqType.Get, new XElement(XName.Get("query", "jabber:iq:version")), Jid.Parse("example.com")) { Id = "q1" };
            var ex = await Assert.ThrowsAsync<XmppNotConnectedException>(() => session.Client.SendIqAsync(request).WaitAsync(Timeout));
            var args = await observer.Disconnected.Task.WaitAsync(Timeout);
            Assert.Equal("restricted-xml", Assert.IsType<XmppRestrictedXmlException>(args.Error).Condition);
            Assert.Same(args.Error, ex.InnerException);
            Assert.EndsWith(StreamError("restricted-xml"), session.Stream.AllWritten, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stanza_with_an_invalid_from_is_dropped_and_the_session_goes_on()
    {
        var (session, observer) = await ConnectAsync("""
            S: <message from='romeo@exa!mple.com/orchard' id='forged' type='chat'><body>bad address</body></message>
            S: <message from='juliet@example.com/' id='forged2' type='chat'><body>empty resource</body></message>
            S: <message from='romeo@example.net/orchard' id='last' type='chat'><body>good</body></message>
            """);
        await using (session)
        {
            // Messages are dispatched in order: once the last one arrived, the bad ones were dealt with.
            var last = await observer.MessageMarkedLast.Task.WaitAsync(Timeout);
            Assert.Equal("good", last.Body);
            Assert.Equal(["last"], observer.Messages.Select(m => m.Id));
            Assert.True(session.Client.IsConnected);
            Assert.Equal(0, observer.DisconnectedCount);
            await session.AssertCompleteAsync();
            Assert.DoesNotContain("stream:error", session.Stream.AllWritten, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Server_stream_error_is_reported_as_XmppStreamErrorException()
    {
        var (session, observer) = await ConnectAsync("""
            S: <stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error></stream:stream>
            """);
        await using (session)
        {
            var args = await observer.Disconnected.Task.WaitAsync(Timeout);
            var error = Assert.IsType<XmppStreamErrorException>(args.Error);
            Assert.Equal("conflict", error.Condition);
            Assert.Equal("Replaced by new connection", error.Text);
            Assert.False(args.IsRequested);
            Assert.False(session.Client.IsConnected);
            // The client reports the server's error; it does not answer with one of its own.
            Assert.DoesNotContain("stream:error", session.Stream.AllWritten, StringComparison.Ordinal);
            Assert.Null(session.Stream.Failure);
        }
        Assert.Equal(1, observer.DisconnectedCount);
    }

    [Fact]
    public async Task Server_hanging_up_mid_stanza_is_a_connection_error_without_stream_error()
    {
        var observer = new Observer();
        var session = await ReplayHarness.ConnectAsync("S: <message from='romeo@example.net/orchard'><body>cut sh",
            configure: observer.Attach,
            configureStream: stream =>
            {
                stream.AllowTrailingClientOutput = true;
                stream.EndOfStreamAtEnd = true;
            });
        await using (session)
        {
            var args = await observer.Disconnected.Task.WaitAsync(Timeout);
            Assert.IsType<XmppConnectionException>(args.Error);
            Assert.False(session.Client.IsConnected);
            Assert.DoesNotContain("stream:error", session.Stream.AllWritten, StringComparison.Ordinal);
        }
    }
}
