using Magpie.Xmpp;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Testing;

namespace Magpie.Xmpp.PackageTests;

/// <summary>A small bot written against the packages alone (public API, no InternalsVisibleTo), run against the
/// shipped transcript kit.</summary>
public sealed class EchoBotTests
{
    [Fact]
    public async Task An_echo_bot_built_on_the_packages_answers_a_chat_message()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m1'><body>ping</body></message>
            C: <message to='romeo@example.net/orchard' type='chat'><body>echo: ping</body></message>
            """, configure: EchoBot.Attach);

        await session.AssertCompleteAsync();
        Assert.True(session.Client.IsConnected);
    }

    [Fact]
    public async Task A_replay_stands_in_for_the_server_through_the_public_stream_overload()
    {
        var transcript = Transcript.Parse(ReplayHarness.LoginPreamble + "\n" + """
            C: <presence/>
            """);
        await using var stream = new ReplayStream(transcript);
        await using var client = new XmppClient(new XmppClientOptions { Jid = ReplayHarness.Account, Password = "secret" });

        await client.ConnectAsync(stream, new Magpie.Xmpp.Transport.XmppEndpoint("example.com", 5223, DirectTls: true), ReplayHarness.FakeTls);
        await client.SendAsync(new Presence());

        await stream.WaitForEndAsync(TimeSpan.FromSeconds(10));
        stream.AssertComplete();
        Assert.Equal("juliet@example.com/balcony", client.BoundJid?.ToString());
    }
}

/// <summary>The bot: answers every chat message with its body, prefixed.</summary>
internal static class EchoBot
{
    public static void Attach(XmppClient client) =>
        client.MessageReceived += (_, message) =>
        {
            if (message.Type == MessageType.Chat && message.Body is { } body && message.From is { } from)
                _ = client.SendAsync(new Message(from, "echo: " + body));
        };
}
