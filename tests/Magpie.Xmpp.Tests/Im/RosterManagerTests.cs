using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Im;

namespace Magpie.Xmpp.Tests.Im;

public sealed class RosterManagerTests
{
    private const string RosterVer = "<ver xmlns='urn:xmpp:features:rosterver'/>";
    private static readonly Jid Romeo = Jid.Parse("romeo@example.net");

    [Fact]
    public async Task Fetch_without_versioning_sends_no_ver_and_fills_the_cache()
    {
        var roster = new RosterManager();
        var received = new EventRecorder<RosterReceivedEventArgs>();
        roster.RosterReceived += received.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='{q}'><query xmlns='jabber:iq:roster'/></iq>
            S: <iq type='result' id='{q}' to='juliet@example.com/balcony'><query xmlns='jabber:iq:roster'>
                 <item jid='romeo@example.net' name='Romeo' subscription='both'><group>Friends</group><group>Verona</group></item>
                 <item jid='nurse@example.com' subscription='none' ask='subscribe'/>
                 <item jid='benvolio@example.net' subscription='from' approved='true'/>
               </query></iq>
            """, configure: c => c.Use(roster));

        Assert.False(roster.SupportsVersioning);
        var items = await roster.GetRosterAsync();

        Assert.Equal(3, items.Count);
        var romeo = roster.GetItem(Jid.Parse("romeo@example.net/orchard"));
        Assert.NotNull(romeo);
        Assert.Equal("Romeo", romeo.Name);
        Assert.Equal(["Friends", "Verona"], romeo.Groups);
        Assert.Equal(RosterSubscription.Both, romeo.Subscription);
        var nurse = roster.GetItem(Jid.Parse("nurse@example.com"))!;
        Assert.True(nurse.Ask);
        Assert.Null(nurse.Name);
        Assert.Equal(RosterSubscription.None, nurse.Subscription);
        Assert.True(roster.GetItem(Jid.Parse("benvolio@example.net"))!.Approved);
        Assert.Null(roster.Version);
        var evt = Assert.Single(received.Seen);
        Assert.False(evt.Unchanged);
        Assert.Equal(3, evt.Items.Count);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Fetch_with_versioning_and_no_cache_sends_empty_ver_and_stores_the_version()
    {
        var roster = new RosterManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='{q}'><query xmlns='jabber:iq:roster' ver=''/></iq>
            S: <iq type='result' id='{q}'><query xmlns='jabber:iq:roster' ver='ver7'><item jid='romeo@example.net' subscription='to'/></query></iq>
            """, configure: c => c.Use(roster), features: RosterVer);

        Assert.True(roster.SupportsVersioning);
        var items = await roster.GetRosterAsync();

        Assert.Equal("ver7", roster.Version);
        Assert.Equal(RosterSubscription.To, Assert.Single(items).Subscription);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Fetch_with_cached_version_and_empty_result_keeps_the_cache_and_applies_following_pushes()
    {
        var roster = new RosterManager();
        roster.Preload("ver11", [new RosterItem(Romeo, "Romeo", ["Friends"], RosterSubscription.Both), new RosterItem(Jid.Parse("nurse@example.com"))]);
        var received = new EventRecorder<RosterReceivedEventArgs>();
        var changed = new EventRecorder<RosterChangedEventArgs>();
        roster.RosterReceived += received.Record;
        roster.RosterChanged += changed.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='{q}'><query xmlns='jabber:iq:roster' ver='ver11'/></iq>
            S: <iq type='result' id='{q}'/>
            S: <iq type='set' id='push1'><query xmlns='jabber:iq:roster' ver='ver12'><item jid='nurse@example.com' subscription='remove'/></query></iq>
            C: <iq type='result' id='push1'/>
            """, configure: c => c.Use(roster), features: RosterVer);

        var items = await roster.GetRosterAsync();
        // The push follows the result in the same burst and may already be applied when the fetch returns;
        // either way Romeo comes from the cache, since the result itself was empty.
        Assert.Contains(items, i => i.Jid == Romeo);
        Assert.True(Assert.Single(received.Seen).Unchanged);
        Assert.Equal("ver11", Assert.Single(received.Seen).Version);

        var change = Assert.Single(await changed.WaitForAsync(1));
        Assert.Equal(RosterChangeKind.Removed, change.Kind);
        Assert.Equal("ver12", roster.Version);
        Assert.Equal(Romeo, Assert.Single(roster.Items).Jid);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Fetch_with_stale_version_replaces_the_cache()
    {
        var roster = new RosterManager();
        roster.Preload("old", [new RosterItem(Jid.Parse("gone@example.com"))]);
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='{q}'><query xmlns='jabber:iq:roster' ver='old'/></iq>
            S: <iq type='result' id='{q}'><query xmlns='jabber:iq:roster' ver='new'><item jid='romeo@example.net' subscription='both'/></query></iq>
            """, configure: c => c.Use(roster), features: RosterVer);

        await roster.GetRosterAsync();

        Assert.Equal(Romeo, Assert.Single(roster.Items).Jid);
        Assert.Null(roster.GetItem(Jid.Parse("gone@example.com")));
        Assert.Equal("new", roster.Version);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Push_from_server_is_applied_acked_and_raised()
    {
        var roster = new RosterManager();
        var changed = new EventRecorder<RosterChangedEventArgs>();
        roster.RosterChanged += changed.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='set' id='a1'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' name='Romeo' subscription='none'/></query></iq>
            C: <iq type='result' id='a1'/>
            S: <iq type='set' id='a2' from='juliet@example.com' to='juliet@example.com/balcony'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' name='R' subscription='both'><group>Friends</group></item></query></iq>
            C: <iq type='result' id='a2' to='juliet@example.com'/>
            """, configure: c => c.Use(roster));

        var changes = await changed.WaitForAsync(2);

        Assert.Equal(RosterChangeKind.Added, changes[0].Kind);
        Assert.Null(changes[0].Previous);
        Assert.Equal(RosterChangeKind.Updated, changes[1].Kind);
        Assert.Equal("Romeo", changes[1].Previous?.Name);
        var item = Assert.Single(roster.Items);
        Assert.Equal("R", item.Name);
        Assert.Equal(RosterSubscription.Both, item.Subscription);
        Assert.Equal(["Friends"], item.Groups);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Push_from_a_third_party_is_refused_and_changes_nothing()
    {
        var roster = new RosterManager();
        roster.Preload(null, [new RosterItem(Romeo, "Romeo", ["Friends"], RosterSubscription.Both)]);
        var changed = new EventRecorder<RosterChangedEventArgs>();
        roster.RosterChanged += changed.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='set' id='evil1' from='mallory@evil.example' to='juliet@example.com/balcony'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='remove'/></query></iq>
            C: <iq type='error' id='evil1' to='mallory@evil.example'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='evil2' from='juliet@example.com/other'><query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' subscription='both'/></query></iq>
            C: <iq type='error' id='evil2' to='juliet@example.com/other'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='ok'><query xmlns='jabber:iq:roster'><item jid='nurse@example.com'/></query></iq>
            C: <iq type='result' id='ok'/>
            """, configure: c => c.Use(roster));

        // The genuine push comes last: once its event is in, the forged ones were processed before it.
        var change = Assert.Single(await changed.WaitForAsync(1));
        Assert.Equal(Jid.Parse("nurse@example.com"), change.Item.Jid);
        await session.AssertCompleteAsync();
        Assert.Single(changed.Seen);
        Assert.Equal(2, roster.Items.Count);
        Assert.Equal(RosterSubscription.Both, roster.GetItem(Romeo)?.Subscription);
        Assert.Null(roster.GetItem(Jid.Parse("mallory@evil.example")));
    }

    [Fact]
    public async Task Push_with_two_items_or_none_is_a_bad_request()
    {
        var roster = new RosterManager();
        var changed = new EventRecorder<RosterChangedEventArgs>();
        roster.RosterChanged += changed.Record;
        await using var session = await ReplayHarness.ConnectAsync("""
            S: <iq type='set' id='b1'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net'/><item jid='nurse@example.com'/></query></iq>
            C: <iq type='error' id='b1'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='b2'><query xmlns='jabber:iq:roster'/></iq>
            C: <iq type='error' id='b2'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            S: <iq type='set' id='b3'><query xmlns='jabber:iq:roster'><item jid='@@bad'/></query></iq>
            C: <iq type='error' id='b3'><error type='modify'><bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, configure: c => c.Use(roster));

        await session.AssertCompleteAsync();
        Assert.Empty(roster.Items);
        Assert.Empty(changed.Seen);
    }

    [Fact]
    public async Task Add_and_remove_send_the_right_sets_and_surface_errors()
    {
        var roster = new RosterManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='set' id='{a}'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' name='Romeo'><group>Friends</group><group>Verona</group></item></query></iq>
            S: <iq type='result' id='{a}'/>
            C: <iq type='set' id='{r}'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='remove'/></query></iq>
            S: <iq type='result' id='{r}'/>
            C: <iq type='set' id='{x}'><query xmlns='jabber:iq:roster'><item jid='nobody@example.com' subscription='remove'/></query></iq>
            S: <iq type='error' id='{x}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, configure: c => c.Use(roster));

        await roster.AddOrUpdateAsync(Jid.Parse("romeo@example.net/orchard"), "Romeo", ["Friends", "Verona", "Friends"]);
        await roster.RemoveAsync(Romeo);
        var ex = await Assert.ThrowsAsync<StanzaErrorException>(() => roster.RemoveAsync(Jid.Parse("nobody@example.com")));
        Assert.Equal("item-not-found", ex.Error.Condition);
        Assert.Throws<ArgumentException>(() => { _ = roster.AddOrUpdateAsync(Romeo, null, [""]); });
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Push_applied_while_a_fetch_is_in_flight_survives_the_full_result()
    {
        var roster = new RosterManager();
        await using var session = await ReplayHarness.ConnectAsync("""
            C: <iq type='get' id='{q}'><query xmlns='jabber:iq:roster'/></iq>
            #! The push is handled (and acked) before the result is read: as when the reader overtakes the dispatcher.
            S: <iq type='set' id='p1'><query xmlns='jabber:iq:roster'><item jid='nurse@example.com' name='Nurse'/></query></iq>
            C: <iq type='result' id='p1'/>
            S: <iq type='result' id='{q}'><query xmlns='jabber:iq:roster'><item jid='romeo@example.net' subscription='both'/></query></iq>
            """, configure: c => c.Use(roster));

        var items = await roster.GetRosterAsync();

        Assert.Equal(2, items.Count);
        Assert.Equal("Nurse", roster.GetItem(Jid.Parse("nurse@example.com"))?.Name);
        Assert.NotNull(roster.GetItem(Romeo));
        await session.AssertCompleteAsync();
    }
}
