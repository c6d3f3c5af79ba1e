using System.Xml.Linq;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Core;

public sealed class XmppClientReplayTests
{
    [Theory]
    [InlineData(ReplayDelivery.Whole)]
    [InlineData(ReplayDelivery.ByteByByte)]
    [InlineData(ReplayDelivery.RandomChunks)]
    public async Task Harness_logs_in_and_binds(ReplayDelivery delivery)
    {
        await using var session = await ReplayHarness.ConnectAsync("", delivery: delivery);
        Assert.True(session.Client.IsConnected);
        Assert.Equal("juliet@example.com/balcony", session.Client.BoundJid?.ToString());
        Assert.Equal("PLAIN", session.Client.SaslMechanism);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Server_closing_its_stream_is_answered_with_our_closing_tag()
    {
        var disconnected = new TaskCompletionSource<DisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: </stream:stream>
            C: </stream:stream>
            """, configure: client => client.Disconnected += (_, e) => disconnected.TrySetResult(e));

        await session.AssertCompleteAsync();
        var args = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(args.Error);
        Assert.False(session.Client.IsConnected);
    }

    [Fact]
    public async Task Server_stream_error_is_answered_with_our_closing_tag_and_reported()
    {
        var disconnected = new TaskCompletionSource<DisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>
            C: </stream:stream>
            """, configure: client => client.Disconnected += (_, e) => disconnected.TrySetResult(e));

        await session.AssertCompleteAsync();
        var args = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<XmppStreamErrorException>(args.Error);
        Assert.Equal("system-shutdown", error.Condition);
    }

    [Fact]
    public async Task Iq_answer_is_matched_by_id_and_sender_and_forged_answer_is_ignored()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='q1' to='romeo@example.net/orchard'><query xmlns='jabber:iq:version'/></iq>
            S: <iq type='result' id='q1' from='mallory@evil.example/x'><query xmlns='jabber:iq:version'><name>forged</name></query></iq>
            S: <iq type='result' id='q1' from='romeo@example.net/orchard'><query xmlns='jabber:iq:version'><name>real</name></query></iq>
            """);
        var request = new Iq(IqType.Get, new XElement(XName.Get("query", "jabber:iq:version")), Jid.Parse("romeo@example.net/orchard")) { Id = "q1" };
        var answer = await session.Client.SendIqAsync(request);
        Assert.Equal("real", answer.Payload?.Element(XName.Get("name", "jabber:iq:version"))?.Value);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Unhandled_iq_get_is_answered_with_service_unavailable_and_ping_is_answered()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='get' id='u1' from='romeo@example.net/orchard'><query xmlns='urn:example:unknown'/></iq>
            C: <iq type='error' id='u1' to='romeo@example.net/orchard'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='get' id='p1' from='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            C: <iq type='result' id='p1' to='example.com'/>
            """);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Error_answer_throws_StanzaErrorException_and_session_goes_on()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='q2' to='example.com'><query xmlns='jabber:iq:version'/></iq>
            S: <iq type='error' id='q2' from='example.com'><error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>no</text></error></iq>
            """);
        var request = new Iq(IqType.Get, new XElement(XName.Get("query", "jabber:iq:version")), Jid.Parse("example.com")) { Id = "q2" };
        var ex = await Assert.ThrowsAsync<StanzaErrorException>(() => session.Client.SendIqAsync(request));
        Assert.Equal("feature-not-implemented", ex.Error.Condition);
        Assert.Equal("no", ex.Error.Text);
        Assert.True(session.Client.IsConnected);
        await session.AssertCompleteAsync();
    }
}
