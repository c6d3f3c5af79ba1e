using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Im.Chat;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Tests.Extensions;

namespace Magpie.Xmpp.Tests.Im.Chat;

public sealed class ChatManagerTests
{
    [Fact]
    public async Task Messages_carbons_corrections_and_offline_ones_come_out_classified_once()
    {
        var chats = new EventAwaiter<ChatMessage>();
        var generic = new EventAwaiter<Message>();
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m1'><body>*hello* there</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/><request xmlns='urn:xmpp:receipts'/><x xmlns='jabber:x:oob'><url>https://example.net/a.png</url></x></message>
            C: <message to='romeo@example.net/orchard' type='chat' id='{r}'><received xmlns='urn:xmpp:receipts' id='m1'/></message>
            S: <message from='juliet@example.com' to='juliet@example.com/balcony' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='juliet@example.com/chamber' to='romeo@example.net/orchard' type='chat' id='m2'><body>from my phone</body></message></forwarded></sent></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m3'><body>hello, fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='m1'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com' type='chat' id='m4'><body>while you were away</body><delay xmlns='urn:xmpp:delay' from='example.com' stamp='2026-11-30T08:00:00Z'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m5'><body>backdated by its sender</body><delay xmlns='urn:xmpp:delay' from='romeo@example.net' stamp='2001-01-01T00:00:00Z'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m6'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>
            """, configure: c =>
            {
                c.Use(new ReceiptsExtension());
                c.Use(new CarbonsExtension { EnableOnSessionStart = false });
                c.Use(new ChatManager()).MessageReceived += (_, m) => chats.Add(m);
                c.MessageReceived += (_, m) => generic.Add(m);
            });

        var all = await chats.WaitForAsync(5);
        var first = all[0];
        Assert.Equal(("romeo@example.net", ChatDirection.Incoming, false), (first.Peer.ToString(), first.Direction, first.IsCarbon));
        Assert.Equal(("m1", "o1", true), (first.Id, first.OriginId, first.RequestsReceipt));
        Assert.Equal("https://example.net/a.png", first.OutOfBandUrl?.ToString());
        Assert.False(first.IsDelayed);
        Assert.Contains(first.StyledText.Runs, r => r.Text == "*hello*" && r.Styles == Magpie.Xmpp.Extensions.Styling.TextStyles.Bold);

        var carbon = all[1];
        Assert.Equal(("romeo@example.net", ChatDirection.Outgoing, true, "from my phone"), (carbon.Peer.ToString(), carbon.Direction, carbon.IsCarbon, carbon.Body));

        Assert.Equal(("m3", "m1"), (all[2].Id, all[2].ReplaceId));

        Assert.True(all[3].IsDelayed);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), all[3].Time);

        // A sender's own delay is not believed.
        Assert.False(all[4].IsDelayed);
        Assert.NotEqual(2001, all[4].Time.Year);

        // Only the chat state alone is left for the generic event.
        Assert.Equal(["m6"], (await generic.WaitForAsync(1)).Select(m => m.Id));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_bot_reads_messages_as_an_async_stream()
    {
        IAsyncEnumerable<ChatMessage>? stream = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='a'><body>one</body></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='b'><body>two</body></message>
            """, configure: c =>
            {
                c.Use(new CarbonsExtension { EnableOnSessionStart = false });
                stream = c.Use(new ChatManager()).ReadAllAsync();
            });
        var bodies = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var message in stream!.WithCancellation(timeout.Token))
        {
            bodies.Add(message.Body);
            if (bodies.Count == 2)
                break;
        }
        Assert.Equal(["one", "two"], bodies);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Send_and_wait_returns_once_the_server_answered_a_ping_sent_after_the_message()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat' id='{m}'><body>kept?</body></message>
            C: <iq type='get' to='example.com' id='{p}'><ping xmlns='urn:xmpp:ping'/></iq>
            S: <iq type='result' from='example.com' to='juliet@example.com/balcony' id='{p}'/>
            """, configure: c =>
            {
                c.Use(new CarbonsExtension { EnableOnSessionStart = false });
                c.Use(new ChatManager());
            });
        var chats = session.Client.GetExtension<ChatManager>()!;
        var sent = await chats.SendAsync(Jid.Parse("romeo@example.net"), "kept?", waitForServer: true).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("kept?", sent.Body);
        await session.AssertCompleteAsync();
    }
}
