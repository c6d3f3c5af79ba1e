using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Ping;

namespace Magpie.Xmpp.Tests.Extensions.Ping;

public sealed class PingExtensionTests
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ping_returns_round_trip()
    {
        PingExtension ping = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq type='result' id='id2' from='example.com'/>
            """, c => ping = c.Use(new PingExtension()));

        var result = await ping.PingAsync(Jid.Parse("example.com"));

        Assert.False(result.AnsweredWithError);
        Assert.True(result.RoundTrip >= TimeSpan.Zero);
        await session.AssertCompleteAsync();
    }

    [Theory]
    [InlineData("service-unavailable", true)]
    [InlineData("feature-not-implemented", true)]
    [InlineData("remote-server-not-found", false)]
    public async Task Error_answers_mean_reachable_only_for_unsupported(string condition, bool reachable)
    {
        PingExtension ping = null!;
        await using var session = await ReplayHarness.ConnectAsync($"""
            C: <iq type='get' id='id2' to='romeo@example.net/orchard'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq type='error' id='id2' from='romeo@example.net/orchard'><error type='cancel'><{condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, c => ping = c.Use(new PingExtension()));

        if (reachable)
        {
            var result = await ping.PingAsync(Jid.Parse("romeo@example.net/orchard"));
            Assert.True(result.AnsweredWithError);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<StanzaErrorException>(() => ping.PingAsync(Jid.Parse("romeo@example.net/orchard")));
            Assert.Equal(condition, ex.Error.Condition);
        }
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Ping_without_answer_times_out()
    {
        PingExtension ping = null!;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            """, c => ping = c.Use(new PingExtension()));

        var ex = await Assert.ThrowsAsync<StanzaErrorException>(() => ping.PingAsync(Jid.Parse("example.com"), TimeSpan.FromMilliseconds(100)));
        Assert.Equal("remote-server-timeout", ex.Error.Condition);
        Assert.Null(ex.Stanza);
    }

    [Fact]
    public async Task Keepalive_pings_the_server_until_one_goes_unanswered_then_raises_the_event_and_stops()
    {
        PingExtension ping = null!;
        // The first ping is answered (with an error, which still proves the server is alive), the third is not.
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='id2' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq type='result' id='id2' from='example.com'/>
            C: <iq type='get' id='id3' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq type='error' id='id3' from='example.com'><error type='wait'><resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq type='get' id='id4' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>
            """, c => ping = c.Use(new PingExtension()));
        var timedOut = new TaskCompletionSource<KeepaliveTimedOutEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        ping.KeepaliveTimedOut += (_, e) => timedOut.TrySetResult(e);

        ping.StartKeepalive(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));
        Assert.True(ping.IsKeepaliveRunning);

        var args = await timedOut.Task.WaitAsync(EventWait);
        Assert.Equal(TimeSpan.FromMilliseconds(200), args.Timeout);
        Assert.False(ping.IsKeepaliveRunning);
        // Nothing after the unanswered ping: the transcript ends exactly there.
        await session.AssertCompleteAsync();
        Assert.True(session.Client.IsConnected);
    }

    [Fact]
    public async Task StopKeepalive_stops_the_loop_and_disconnect_stops_it_too()
    {
        PingExtension ping = null!;
        await using var session = await ReplayHarness.ConnectAsync("", c => ping = c.Use(new PingExtension()));
        ping.StartKeepalive(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        ping.StopKeepalive();
        Assert.False(ping.IsKeepaliveRunning);

        ping.StartKeepalive(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Client.Disconnected += (_, _) => disconnected.TrySetResult();
        await session.Stream.DisposeAsync(); // the server vanishes
        await disconnected.Task.WaitAsync(EventWait);
        Assert.False(ping.IsKeepaliveRunning);
        Assert.Throws<XmppNotConnectedException>(() => ping.StartKeepalive(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
    }
}
