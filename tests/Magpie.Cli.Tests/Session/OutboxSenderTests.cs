using Magpie.Cli.Session;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Session;

public sealed class OutboxSenderTests : IDisposable
{
    private readonly TempDataHome _home = new();

    public void Dispose() => _home.Dispose();

    private static HistoryMessage Compose(string to, string body, string id, string? replace = null)
    {
        var message = new Message(Jid.Parse(to), body) { Id = id };
        MessageIds.EnsureOriginId(message);
        if (replace is not null)
            message.Set(new Magpie.Xmpp.Extensions.MessageCorrection.Replace(replace));
        return HistoryMapper.ForOutgoing(message, TempDataHome.Account, DateTimeOffset.UtcNow, DeliveryState.Pending);
    }

    [Fact]
    public async Task Messages_composed_offline_go_out_in_order_with_their_ids_when_the_session_starts()
    {
        using var store = _home.Open();
        store.EnqueueOutbox(Compose("romeo@example.net", "one", "o1"));
        store.EnqueueOutbox(Compose("nurse@example.com/kitchen", "two", "o2"));
        store.EnqueueOutbox(Compose("romeo@example.net", "one, corrected", "o3", replace: "o1"));

        OutboxSender? sender = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <message to='romeo@example.net' type='chat' id='o1'><body>one</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>
            C: <message to='nurse@example.com/kitchen' type='chat' id='o2'><body>two</body><origin-id xmlns='urn:xmpp:sid:0' id='o2'/></message>
            C: <message to='romeo@example.net' type='chat' id='o3'><body>one, corrected</body><origin-id xmlns='urn:xmpp:sid:0' id='o3'/><replace xmlns='urn:xmpp:message-correct:0' id='o1'/></message>
            """, configure: c => sender = new OutboxSender(c, store));
        using var _ = sender;

        Assert.Equal(3, await sender!.Current.WaitAsync(TimeSpan.FromSeconds(10)));
        await session.AssertCompleteAsync();
        Assert.Empty(store.TakeOutbox());
        Assert.All(store.GetConversation(Jid.Parse("romeo@example.net")), m => Assert.Equal(DeliveryState.Sent, m.State));
        Assert.Equal(DeliveryState.Sent, Assert.Single(store.GetConversation(Jid.Parse("nurse@example.com"))).State);
    }
}
