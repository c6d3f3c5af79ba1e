using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Carbons;
using Magpie.Xmpp.Extensions.Receipts;
using Magpie.Xmpp.Routing;
using Magpie.Xmpp.Stanzas;
using Magpie.Xmpp.Tests.Extensions;

namespace Magpie.Xmpp.Tests.Routing;

public sealed class InboundPipelineTests
{
    [Fact]
    public async Task Stages_run_in_declared_order_and_a_claimed_stanza_reaches_neither_later_claims_nor_the_generic_event()
    {
        var log = new EventAwaiter<string>();
        void Note(string stage, Stanza s) => log.Add(stage + ":" + ((Message)s).Body);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>claimed</body></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>second</body></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>free</body></message>
            """, configure: c =>
            {
                // Registered out of order on purpose: the order number decides, not the registration.
                c.Router.AddHandler(static s => s is Message, (s, _) => { Note("after", s); return ValueTask.CompletedTask; });
                c.Router.AddClaim(400, static s => s is Message { Body: "claimed" or "second" }, (s, _) => { Note("claim400", s); return ValueTask.CompletedTask; });
                c.Router.AddClaim(300, static s => s is Message { Body: "claimed" }, (s, _) => { Note("claim300", s); return ValueTask.CompletedTask; });
                c.Router.AddHandler(50, static s => s is Message, (s, _) => { Note("observe50", s); return ValueTask.CompletedTask; });
                c.MessageReceived += (_, m) => Note("generic", m);
            });
        var all = await log.WaitForAsync(9);
        Assert.Equal(
            ["observe50:claimed", "claim300:claimed", "after:claimed",
             "observe50:second", "claim400:second", "after:second",
             "observe50:free", "generic:free", "after:free"],
            all);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_receipt_comes_out_as_ReceiptReceived_and_not_as_MessageReceived()
    {
        var generic = new EventAwaiter<Message>();
        var receipts = new EventAwaiter<ReceiptEventArgs>();
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' id='r1'><received xmlns='urn:xmpp:receipts' id='m1'/></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m2'><body>after the receipt</body></message>
            """, configure: c =>
            {
                c.Use(new ReceiptsExtension()).ReceiptReceived += (_, e) => receipts.Add(e);
                c.MessageReceived += (_, m) => generic.Add(m);
            });
        Assert.Equal("m1", Assert.Single(await receipts.WaitForAsync(1)).Id);
        // Delivery is in order: once the later message is in, the receipt has been through the pipeline.
        Assert.Equal(["m2"], (await generic.WaitForAsync(1)).Select(m => m.Id));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_carbon_wrapper_never_reaches_MessageReceived_even_when_it_is_forged()
    {
        var generic = new EventAwaiter<Message>();
        var carbons = new EventAwaiter<CarbonEventArgs>();
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='juliet@example.com' to='juliet@example.com/balcony' type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com/chamber' type='chat'><body>copy</body></message></forwarded></received></message>
            S: <message from='mallory@evil.example/x' to='juliet@example.com/balcony' type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' from='juliet@example.com/x' to='romeo@example.net' type='chat'><body>forged</body></message></forwarded></sent></message>
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='m3'><body>plain</body></message>
            """, configure: c =>
            {
                c.Use(new CarbonsExtension { EnableOnSessionStart = false }).CarbonReceived += (_, e) => carbons.Add(e);
                c.MessageReceived += (_, m) => generic.Add(m);
            });
        Assert.Equal(["m3"], (await generic.WaitForAsync(1)).Select(m => m.Id));
        Assert.Equal("copy", Assert.Single(carbons.Items).Inner.Body);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Outgoing_decorators_run_in_the_reverse_of_the_inbound_order()
    {
        var router = new StanzaRouter();
        var log = new List<string>();
        router.AddOutgoingMessageFilter(InboundOrder.Carbons, _ => log.Add("carbons"));
        router.AddOutgoingMessageFilter(InboundOrder.Receipts, _ => log.Add("receipts"));
        router.AddOutgoingMessageFilter(_ => log.Add("default"));
        router.ApplyOutgoing(new Message());
        Assert.Equal(["default", "receipts", "carbons"], log);
    }

    [Fact]
    public async Task Handlers_get_received_stanzas_read_only()
    {
        var seen = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <message from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat'><body>as sent</body></message>
            """, configure: c => c.MessageReceived += (_, m) =>
            {
                seen.TrySetResult(Record.Exception(() => m.Body = "changed"));
            });
        var error = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<InvalidOperationException>(error);
        await session.AssertCompleteAsync();
    }
}
