using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Xmpp.Tests.Im;

public sealed class PresenceManagerTests
{
    private static readonly Jid Romeo = Jid.Parse("romeo@example.net");

    [Fact]
    public async Task Own_presence_initial_changed_directed_and_unavailable_go_out_as_expected()
    {
        var presence = new PresenceManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <presence><priority>0</priority></presence>
            C: <presence><show>away</show><status>At the balcony</status><priority>5</priority></presence>
            C: <presence to='room@chat.example.com/juliet'><show>dnd</show></presence>
            C: <presence type='unavailable' to='room@chat.example.com/juliet'/>
            C: <presence type='unavailable'><status>Gone to bed</status></presence>
            C: <presence><show>away</show><status>At the balcony</status><priority>5</priority></presence>
            """, configure: c => c.Use(presence));

        Assert.False(presence.IsAvailable);
        await presence.SendInitialPresenceAsync();
        Assert.True(presence.IsAvailable);
        await presence.SetPresenceAsync(PresenceShow.Away, "At the balcony", 5);
        await presence.SendDirectedPresenceAsync(Jid.Parse("room@chat.example.com/juliet"), PresenceShow.Dnd);
        await presence.SendDirectedUnavailableAsync(Jid.Parse("room@chat.example.com/juliet"));
        await presence.GoUnavailableAsync("Gone to bed");
        Assert.False(presence.IsAvailable);
        // After going unavailable, initial presence restores the last show, status and priority.
        await presence.SendInitialPresenceAsync();
        Assert.Equal(PresenceShow.Away, presence.Show);
        Assert.Equal((sbyte)5, presence.Priority);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Tracker_keeps_resources_picks_best_by_priority_then_show_and_drops_unavailable()
    {
        var presence = new PresenceManager();
        var changes = new EventRecorder<ContactPresenceChangedEventArgs>();
        presence.ContactPresenceChanged += changes.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence from='romeo@example.net/orchard'><show>away</show><status>climbing</status><priority>5</priority></presence>
            S: <presence from='romeo@example.net/phone'><priority>1</priority></presence>
            S: <presence from='romeo@example.net/laptop'><show>chat</show><priority>5</priority></presence>
            S: <presence from='stranger@elsewhere.example/x'><show>xa</show></presence>
            S: <presence from='juliet@example.com/chamber'><priority>-1</priority></presence>
            """, configure: c => c.Use(presence));

        await changes.WaitForAsync(5);
        var resources = presence.Tracker.GetResources(Romeo);
        Assert.Equal(3, resources.Count);
        Assert.Equal(PresenceShow.Away, resources["orchard"].Show);
        Assert.Equal("climbing", resources["orchard"].Status);
        Assert.Equal((sbyte)5, resources["orchard"].Priority);
        // Same priority 5: chat beats away.
        Assert.Equal("laptop", presence.Tracker.GetBestResource(Romeo)?.Resource);
        Assert.Equal("laptop", changes.Seen[2].Best?.Resource);
        // Non-roster entities and our own other resources are tracked too.
        Assert.Equal(PresenceShow.Xa, presence.Tracker.GetBestResource(Jid.Parse("stranger@elsewhere.example"))?.Show);
        Assert.Equal((sbyte)-1, presence.Tracker.GetResources(Jid.Parse("juliet@example.com"))["chamber"].Priority);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Unavailable_removes_a_resource_and_best_falls_back()
    {
        var presence = new PresenceManager();
        var changes = new EventRecorder<ContactPresenceChangedEventArgs>();
        presence.ContactPresenceChanged += changes.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence from='romeo@example.net/orchard'><priority>10</priority></presence>
            S: <presence from='romeo@example.net/phone'><show>dnd</show><priority>1</priority></presence>
            S: <presence from='romeo@example.net/orchard' type='unavailable'/>
            S: <presence from='romeo@example.net/never-seen' type='unavailable'/>
            S: <presence from='romeo@example.net/phone'><show>xa</show><priority>1</priority></presence>
            """, configure: c => c.Use(presence));

        var seen = await changes.WaitForAsync(4);
        // The unavailable from a resource we never saw changed nothing and raised nothing.
        Assert.Equal(4, seen.Count);
        Assert.False(seen[2].IsAvailable);
        Assert.Equal("orchard", seen[2].From.Resource);
        Assert.Equal("phone", seen[2].Best?.Resource);
        var only = Assert.Single(presence.Tracker.GetResources(Romeo));
        Assert.Equal("phone", only.Key);
        Assert.Equal(PresenceShow.Xa, only.Value.Show);
        await session.AssertCompleteAsync();
        Assert.Equal(4, changes.Seen.Count);
    }

    [Fact]
    public async Task Presence_error_marks_the_contact_and_available_presence_clears_it()
    {
        var presence = new PresenceManager();
        var changes = new EventRecorder<ContactPresenceChangedEventArgs>();
        presence.ContactPresenceChanged += changes.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence from='romeo@example.net/orchard'/>
            S: <presence from='romeo@example.net' type='error'><error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>
            S: <presence from='tybalt@example.net' type='error'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>
            S: <presence from='tybalt@example.net/sword'/>
            """, configure: c => c.Use(presence));

        var seen = await changes.WaitForAsync(4);
        Assert.Equal("remote-server-not-found", seen[1].Error?.Condition);
        Assert.False(seen[1].IsAvailable);
        Assert.Equal("remote-server-not-found", presence.Tracker.GetError(Romeo)?.Condition);
        Assert.Empty(presence.Tracker.GetResources(Romeo));
        Assert.Null(presence.Tracker.GetBestResource(Romeo));
        Assert.Null(presence.Tracker.GetError(Jid.Parse("tybalt@example.net")));
        Assert.True(presence.Tracker.IsAvailable(Jid.Parse("tybalt@example.net")));
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Going_unavailable_forgets_everyones_presence()
    {
        var presence = new PresenceManager();
        var changes = new EventRecorder<ContactPresenceChangedEventArgs>();
        presence.ContactPresenceChanged += changes.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <presence from='romeo@example.net/orchard'/>
            C: <presence type='unavailable'/>
            """, configure: c => c.Use(presence));

        await changes.WaitForAsync(1);
        Assert.True(presence.Tracker.IsAvailable(Romeo));
        await presence.GoUnavailableAsync();
        Assert.False(presence.Tracker.IsAvailable(Romeo));
        Assert.Empty(presence.Tracker.Contacts);
        await session.AssertCompleteAsync();
    }
}
