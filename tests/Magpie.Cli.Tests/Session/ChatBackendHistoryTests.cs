using Magpie.Cli.Presentation;
using Magpie.Cli.Session;
using Magpie.Xmpp;

namespace Magpie.Cli.Tests.Session;

/// <summary>The real backend with a real store, without a server: offline messages wait in the outbox and
/// show in the conversation's history as queued.</summary>
public sealed class ChatBackendHistoryTests : IDisposable
{
    private readonly TempDataHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Queued_messages_are_in_the_outbox_and_the_history()
    {
        using var store = _home.Open();
        var options = new XmppClientOptions { Jid = TempDataHome.Account, Password = "x" };
        IChatBackend backend = new XmppChatBackend(options, store);
        await using (backend)
        {
            Assert.True(backend.CanQueueOffline);
            var romeo = Jid.Parse("romeo@example.net");
            await backend.QueueMessageAsync(romeo, "q1", "wait for me");
            var past = Assert.Single(backend.GetHistory(romeo, 50));
            Assert.Equal("wait for me", past.Body);
            Assert.True(past.Outgoing);
            Assert.True(past.Queued);
            Assert.Equal("q1", past.Id);
            var queued = Assert.Single(store.TakeOutbox());
            Assert.Equal("q1", queued.Message.MessageId);
        }
    }

    [Fact]
    public async Task Without_a_store_nothing_can_wait()
    {
        IChatBackend backend = new XmppChatBackend(new XmppClientOptions { Jid = TempDataHome.Account, Password = "x" });
        await using (backend)
        {
            Assert.False(backend.CanQueueOffline);
            Assert.Empty(backend.GetHistory(Jid.Parse("romeo@example.net"), 50));
        }
    }
}
