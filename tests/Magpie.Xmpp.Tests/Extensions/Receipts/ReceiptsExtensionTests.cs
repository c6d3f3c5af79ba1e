using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Extensions.Receipts;

public sealed class ReceiptsExtensionTests
{
    [Fact]
    public async Task Outgoing_chat_message_gets_an_id_and_a_request_and_receipt_is_raised()
    {
        ReceiptsExtension? receipts = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat' id='{m}'><body>hi</body><request xmlns='urn:xmpp:receipts'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' id='r1'><received xmlns='urn:xmpp:receipts' id='{m}'/></message>
            """, configure: c => receipts = c.Use(new ReceiptsExtension()));
        var events = new EventAwaiter<ReceiptEventArgs>();
        receipts!.ReceiptReceived += (_, e) => events.Add(e);
        var message = new Message(Jid.Parse("romeo@example.net"), "hi");
        await session.Client.SendAsync(message);
        Assert.NotNull(message.Id);
        var receipt = Assert.Single(await events.WaitForAsync(1));
        Assert.Equal(message.Id, receipt.Id);
        Assert.Equal("romeo@example.net/orchard", receipt.From.ToString());
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Messages_without_body_or_of_other_types_get_no_request()
    {
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat'/>
            C: <message to='room@muc.example.net' type='groupchat'><body>all</body></message>
            """, configure: c => c.Use(new ReceiptsExtension()));
        await session.Client.SendAsync(new Message { To = Jid.Parse("romeo@example.net"), Type = MessageType.Chat });
        await session.Client.SendAsync(new Message(Jid.Parse("room@muc.example.net"), "all", MessageType.Groupchat));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Request_is_answered_but_never_for_groupchat_errors_or_messages_without_id()
    {
        // If any of the first three were answered, the client's next output would not match the receipt for 'ok'.
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='room@muc.example.net/romeo' to='juliet@example.com/balcony' type='groupchat' id='g1'><body>all</body><request xmlns='urn:xmpp:receipts'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='error' id='e1'><body>x</body><request xmlns='urn:xmpp:receipts'/><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>no id</body><request xmlns='urn:xmpp:receipts'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='ok'><body>hello</body><request xmlns='urn:xmpp:receipts'/></message>
            C: <message to='romeo@example.net/orchard' type='chat' id='{*}'><received xmlns='urn:xmpp:receipts' id='ok'/></message>
            """, configure: c => c.Use(new ReceiptsExtension()));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Payloads_read_and_write_the_elements()
    {
        var message = new Message(Jid.Parse("romeo@example.net"), "x");
        Assert.False(message.Has<ReceiptRequest>());
        message.Set(ReceiptRequest.Instance);
        message.Set(ReceiptRequest.Instance);
        Assert.True(message.Has<ReceiptRequest>());
        Assert.Equal(2, message.Element.Elements().Count());
    }
}
