using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Im;

public sealed class SubscriptionManagerTests
{
    private static readonly Jid Romeo = Jid.Parse("romeo@example.net");

    [Fact]
    public async Task Outbound_operations_send_the_right_presence_types_to_bare_jids()
    {
        var subs = new SubscriptionManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <presence type='subscribe' to='romeo@example.net'><status>It is Juliet</status></presence>
            C: <presence type='unsubscribe' to='romeo@example.net'/>
            C: <presence type='unsubscribed' to='romeo@example.net'/>
            C: <presence type='unsubscribed' to='nurse@example.com'/>
            """, configure: c => c.Use(subs));

        await subs.RequestSubscriptionAsync(Jid.Parse("romeo@example.net/orchard"), "It is Juliet");
        await subs.UnsubscribeAsync(Romeo);
        await subs.CancelAsync(Romeo);
        await subs.DenyAsync(Jid.Parse("nurse@example.com"));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Inbound_request_is_raised_kept_pending_and_approval_answers_it()
    {
        var subs = new SubscriptionManager();
        var requested = new EventRecorder<SubscriptionEventArgs>();
        subs.SubscriptionRequested += requested.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence type='subscribe' from='romeo@example.net' to='juliet@example.com'><status>Wherefore art thou?</status></presence>
            S: <presence type='subscribe' from='nurse@example.com/kitchen' to='juliet@example.com'/>
            C: <presence type='subscribed' to='romeo@example.net'/>
            C: <presence type='unsubscribed' to='nurse@example.com'/>
            """, configure: c => c.Use(subs));

        var seen = await requested.WaitForAsync(2);
        Assert.Equal(Romeo, seen[0].From);
        Assert.Equal("Wherefore art thou?", seen[0].Status);
        Assert.Equal(PresenceType.Subscribe, seen[0].Type);
        Assert.Equal(Jid.Parse("nurse@example.com"), seen[1].From);
        Assert.Equal([Romeo, Jid.Parse("nurse@example.com")], subs.PendingRequests.Select(r => r.From));
        Assert.Equal("Wherefore art thou?", subs.PendingRequests[0].Status);

        Assert.Equal(SubscriptionApproval.Approved, await subs.ApproveAsync(Romeo));
        await subs.DenyAsync(Jid.Parse("nurse@example.com"));

        Assert.Empty(subs.PendingRequests);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Approve_without_request_is_a_pre_approval_when_the_server_supports_it()
    {
        var subs = new SubscriptionManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <presence type='subscribed' to='romeo@example.net'/>
            """, configure: c => c.Use(subs), features: "<sub xmlns='urn:xmpp:features:pre-approval'/>");

        Assert.True(subs.SupportsPreApproval);
        Assert.Equal(SubscriptionApproval.PreApproved, await subs.ApproveAsync(Romeo));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Approve_without_request_and_without_pre_approval_support_still_sends_subscribed()
    {
        var subs = new SubscriptionManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <presence type='subscribed' to='romeo@example.net'/>
            """, configure: c => c.Use(subs));

        Assert.False(subs.SupportsPreApproval);
        Assert.Equal(SubscriptionApproval.Unsolicited, await subs.ApproveAsync(Romeo));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Inbound_subscribed_unsubscribed_and_unsubscribe_are_raised_and_withdrawal_clears_the_request()
    {
        var subs = new SubscriptionManager();
        var approved = new EventRecorder<SubscriptionEventArgs>();
        var revoked = new EventRecorder<SubscriptionEventArgs>();
        var unsubscribed = new EventRecorder<SubscriptionEventArgs>();
        var requested = new EventRecorder<SubscriptionEventArgs>();
        subs.SubscriptionApproved += approved.Record;
        subs.SubscriptionRevoked += revoked.Record;
        subs.ContactUnsubscribed += unsubscribed.Record;
        subs.SubscriptionRequested += requested.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence type='subscribe' from='nurse@example.com'/>
            S: <presence type='subscribed' from='romeo@example.net'/>
            S: <presence type='unsubscribed' from='tybalt@example.net'/>
            S: <presence type='unsubscribe' from='nurse@example.com'/>
            """, configure: c => c.Use(subs));

        // Handlers run in arrival order: the last one's event means all were processed.
        var last = Assert.Single(await unsubscribed.WaitForAsync(1));
        Assert.Equal(Jid.Parse("nurse@example.com"), last.From);
        Assert.Equal(Romeo, Assert.Single(approved.Seen).From);
        Assert.Equal(Jid.Parse("tybalt@example.net"), Assert.Single(revoked.Seen).From);
        Assert.Single(requested.Seen);
        Assert.Empty(subs.PendingRequests);
        await session.AssertCompleteAsync();
    }
}
