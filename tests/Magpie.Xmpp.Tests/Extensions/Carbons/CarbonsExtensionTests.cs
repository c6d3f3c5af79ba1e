using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.Carbons;

public sealed class CarbonsExtensionTests
{
    private const string Genuine = """
        S: <message from='juliet@example.com' to='juliet@example.com/balcony' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com/chamber' type='chat'><body>genuine</body></message></forwarded></received></message>
        """;

    private static async Task<(ReplaySession Session, EventAwaiter<CarbonEventArgs> Carbons)> ConnectAsync(string transcript)
    {
        // Subscribe before connecting: the server's part may be delivered before ConnectAsync returns.
        var events = new EventAwaiter<CarbonEventArgs>();
        var session = await ReplayHarness.ConnectAsync(transcript, configure: c =>
            c.Use(new CarbonsExtension { EnableOnSessionStart = false }).CarbonReceived += (_, e) => events.Add(e));
        return (session, events);
    }

    [Fact]
    public async Task Carbons_are_enabled_by_themselves_when_a_session_starts()
    {
        // The transcript expects the <enable/> without the test asking for it: the session-start hook sent it.
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='set' id='{e}'><enable xmlns='urn:xmpp:carbons:2'/></iq>
            S: <iq type='result' id='{e}'/>
            """, configure: c => c.Use(new CarbonsExtension()));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task EnableAsync_sends_enable_and_marks_enabled()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='set' id='{e}'><enable xmlns='urn:xmpp:carbons:2'/></iq>
            S: <iq type='result' id='{e}'/>
            """, configure: c => c.Use(new CarbonsExtension { EnableOnSessionStart = false }));
        var carbons = session.Client.GetExtension<CarbonsExtension>()!;
        Assert.False(carbons.IsEnabled);
        await carbons.EnableAsync();
        Assert.True(carbons.IsEnabled);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Received_and_sent_carbons_from_own_bare_jid_are_surfaced_with_direction()
    {
        var (session, events) = await ConnectAsync(Genuine + """

            S: <message from='juliet@example.com' to='juliet@example.com/balcony' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' to='romeo@example.net' from='juliet@example.com/chamber' type='chat'><body>mine</body></message></forwarded></sent></message>
            """);
        await using var _ = session;
        var items = await events.WaitForAsync(2);
        Assert.Equal(CarbonDirection.Received, items[0].Direction);
        Assert.Equal("genuine", items[0].Inner.Body);
        Assert.Equal("romeo@example.net/orchard", items[0].Inner.From?.ToString());
        Assert.Equal(CarbonDirection.Sent, items[1].Direction);
        Assert.Equal("mine", items[1].Inner.Body);
        Assert.Equal("romeo@example.net", items[1].Inner.To?.ToString());
    }

    [Fact]
    public async Task Carbon_from_third_party_or_own_full_jid_is_not_surfaced()
    {
        var (session, events) = await ConnectAsync("""
            S: <message from='mallory@evil.example' to='juliet@example.com/balcony' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>forged</body></message></forwarded></received></message>
            S: <message from='mallory@evil.example/x' to='juliet@example.com/balcony' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='juliet@example.com/chamber' to='romeo@example.net' type='chat'><body>forged sent</body></message></forwarded></sent></message>
            S: <message from='juliet@example.com/chamber' to='juliet@example.com/balcony' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>from a resource</body></message></forwarded></received></message>
            """ + "\n" + Genuine);
        await using var _ = session;
        // Dispatch is in order: once the genuine carbon is seen, the forged ones were already handled.
        await events.WaitForAsync(1);
        var only = Assert.Single(events.Items);
        Assert.Equal("genuine", only.Inner.Body);
    }

    [Fact]
    public async Task Carbon_wrapping_groupchat_is_not_surfaced()
    {
        var (session, events) = await ConnectAsync("""
            S: <message from='juliet@example.com' to='juliet@example.com/balcony' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='room@muc.example.net/romeo' to='juliet@example.com/chamber' type='groupchat'><body>room talk</body></message></forwarded></received></message>
            """ + "\n" + Genuine);
        await using var _ = session;
        await events.WaitForAsync(1);
        Assert.Equal("genuine", Assert.Single(events.Items).Inner.Body);
    }

    [Fact]
    public async Task Private_messages_get_the_no_copy_hint()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'><body>one</body><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>
            C: <message to='romeo@example.net' type='chat'><body>two</body><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>
            """, configure: c => c.Use(new CarbonsExtension { EnableOnSessionStart = false }));
        var one = new Message(Jid.Parse("romeo@example.net"), "one");
        Magpie.Xmpp.Extensions.Carbons.Carbons.MarkPrivate(one);
        Assert.True(Magpie.Xmpp.Extensions.Carbons.Carbons.IsPrivate(one));
        await session.Client.SendAsync(one);
        // Only <private/> added by hand: the outgoing filter adds the hint the XEP requires with it.
        var two = new Message(Jid.Parse("romeo@example.net"), "two");
        two.AddChild(new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("private", "urn:xmpp:carbons:2")));
        await session.Client.SendAsync(two);
        await session.AssertCompleteAsync();
    }
}
