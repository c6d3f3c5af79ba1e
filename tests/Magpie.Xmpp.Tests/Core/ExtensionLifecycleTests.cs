using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.MessageCorrection;
using Magpie.Xmpp.Extensions.Muc;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Im.Chat;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Tests.Extensions;

namespace Magpie.Xmpp.Tests.Core;

public sealed class ExtensionLifecycleTests
{
    private static XmppClient NewClient() => new(new XmppClientOptions { Jid = Jid.Parse("juliet@example.com/balcony"), Password = "secret" });

    private sealed class NeedsRooms : XmppExtension
    {
        protected override void OnAttached()
        {
            AddFeature("urn:example:needs-rooms");
            RequireAdded<MucExtension>();
        }
    }

    [Fact]
    public async Task Disposing_the_client_stops_the_room_self_ping_loop_and_takes_back_the_registrations()
    {
        var client = NewClient();
        var muc = client.Use(new MucExtension { SelfPingInterval = TimeSpan.FromMinutes(15) });
        Assert.False(muc.SelfPingLoop.IsCompleted);
        Assert.Contains(MucNamespaces.Muc, client.Router.Features);

        await client.DisposeAsync();

        await muc.SelfPingLoop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(MucNamespaces.Muc, client.Router.Features);
        Assert.False(muc.IsAttached);
    }

    [Fact]
    public void Dependencies_that_need_no_settings_are_added_for_you()
    {
        var client = NewClient();
        client.Use(new ChatManager());
        Assert.NotNull(client.GetExtension<CarbonsExtension>());
        Assert.NotNull(client.GetExtension<CorrectionExtension>());
    }

    [Fact]
    public void A_dependency_the_application_must_configure_fails_clearly_and_leaves_nothing_behind()
    {
        var client = NewClient();
        var error = Assert.Throws<InvalidOperationException>(() => client.Use(new NeedsRooms()));
        Assert.Contains("client.Use(new MucExtension", error.Message, StringComparison.Ordinal);
        Assert.Null(client.GetExtension<NeedsRooms>());
        Assert.DoesNotContain("urn:example:needs-rooms", client.Router.Features);

        client.Use(new MucExtension { SelfPingInterval = null });
        client.Use(new NeedsRooms());
        Assert.Contains("urn:example:needs-rooms", client.Router.Features);
    }

    [Fact]
    public async Task A_removed_extension_no_longer_claims_or_advertises()
    {
        var generic = new EventAwaiter<Message>();
        ReceiptsExtension? receipts = null;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' id='r1'><received xmlns='urn:xmpp:receipts' id='m1'/></message>
            """, configure: c =>
            {
                receipts = c.Use(new ReceiptsExtension());
                Assert.True(c.Remove(receipts));
                c.MessageReceived += (_, m) => generic.Add(m);
            });
        Assert.Equal("r1", Assert.Single(await generic.WaitForAsync(1)).Id);
        Assert.DoesNotContain(Receipt.Namespace, session.Client.Router.Features);
        Assert.False(session.Client.Payloads.IsRegistered(Receipt.ElementName));
        Assert.Null(session.Client.GetExtension<ReceiptsExtension>());
        await session.AssertCompleteAsync();
    }
}
