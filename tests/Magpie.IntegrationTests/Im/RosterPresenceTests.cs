using System.Xml.Linq;
using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Im;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Im;

/// <summary>Roster, subscriptions and presence against a real Prosody.</summary>
[Collection("prosody")]
public sealed class RosterPresenceTests(ProsodyFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private ProsodyServer Server => fixture.Server;

    /// <summary>One logged-in account with the three IM extensions.</summary>
    private sealed class Account(XmppClient client, RosterManager roster, SubscriptionManager subscriptions, PresenceManager presence) : IAsyncDisposable
    {
        public XmppClient Client { get; } = client;
        public RosterManager Roster { get; } = roster;
        public SubscriptionManager Subscriptions { get; } = subscriptions;
        public PresenceManager Presence { get; } = presence;
        public Jid Bare => Client.BoundJid!.Bare;

        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }

    private async Task<string> NewUserAsync(string prefix)
    {
        var user = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(user, "pw-" + user);
        return user;
    }

    private async Task<Account> ConnectAsync(string user, RosterManager? roster = null)
    {
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse($"{user}@{Server.Domain}"),
            Password = "pw-" + user,
            Host = Server.Host,
            Port = Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(options);
        var account = new Account(client, client.Use(roster ?? new RosterManager()), client.Use(new SubscriptionManager()), client.Use(new PresenceManager()));
        await client.ConnectAsync();
        return account;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on each roster change.</summary>
    private static async Task UntilRosterAsync(RosterManager roster, Func<RosterManager, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, RosterChangedEventArgs e)
        {
            if (condition(roster))
                done.TrySetResult();
        }
        roster.RosterChanged += Check;
        try
        {
            if (condition(roster))
                return;
            await done.Task.WaitAsync(Wait);
        }
        finally
        {
            roster.RosterChanged -= Check;
        }
    }

    private static Task<T> NextAsync<T>(Action<EventHandler<T>> subscribe, Func<T, bool> match)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, e) =>
        {
            if (match(e))
                done.TrySetResult(e);
        });
        return done.Task.WaitAsync(Wait);
    }

    /// <summary>Both accounts online, each subscribed to the other, approved through the events.</summary>
    private static async Task SubscribeBothWaysAsync(Account a, Account b)
    {
        // Approve whatever the other asks, as an app would after asking the user.
        a.Subscriptions.SubscriptionRequested += (_, e) => _ = a.Subscriptions.ApproveAsync(e.From);
        b.Subscriptions.SubscriptionRequested += (_, e) => _ = b.Subscriptions.ApproveAsync(e.From);
        foreach (var x in new[] { a, b })
        {
            await x.Roster.GetRosterAsync();
            await x.Presence.SetPresenceAsync();
        }
        await a.Subscriptions.RequestSubscriptionAsync(b.Bare);
        await UntilRosterAsync(a.Roster, r => r.GetItem(b.Bare)?.IsSubscribedTo == true);
        await b.Subscriptions.RequestSubscriptionAsync(a.Bare);
        await UntilRosterAsync(a.Roster, r => r.GetItem(b.Bare)?.Subscription == RosterSubscription.Both);
        await UntilRosterAsync(b.Roster, r => r.GetItem(a.Bare)?.Subscription == RosterSubscription.Both);
    }

    [Fact]
    public async Task Subscription_handshake_both_ways_ends_with_both_on_both_sides()
    {
        await using var alice = await ConnectAsync(await NewUserAsync("alice"));
        await using var bob = await ConnectAsync(await NewUserAsync("bob"));
        var bobSawRequest = NextAsync<SubscriptionEventArgs>(h => bob.Subscriptions.SubscriptionRequested += h, e => e.From == alice.Bare);
        var aliceSawApproval = NextAsync<SubscriptionEventArgs>(h => alice.Subscriptions.SubscriptionApproved += h, e => e.From == bob.Bare);

        await SubscribeBothWaysAsync(alice, bob);

        Assert.Equal(alice.Bare, (await bobSawRequest).From);
        Assert.Equal(bob.Bare, (await aliceSawApproval).From);
        Assert.Equal(RosterSubscription.Both, alice.Roster.GetItem(bob.Bare)?.Subscription);
        Assert.Equal(RosterSubscription.Both, bob.Roster.GetItem(alice.Bare)?.Subscription);
        Assert.Empty(alice.Subscriptions.PendingRequests);
        Assert.Empty(bob.Subscriptions.PendingRequests);
        // The server's view agrees with the pushed cache.
        var fresh = await bob.Roster.GetRosterAsync();
        Assert.Equal(RosterSubscription.Both, Assert.Single(fresh).Subscription);
    }

    [Fact]
    public async Task Presence_change_with_status_is_seen_by_the_contact()
    {
        await using var alice = await ConnectAsync(await NewUserAsync("alice"));
        await using var bob = await ConnectAsync(await NewUserAsync("bob"));
        await SubscribeBothWaysAsync(alice, bob);
        var seen = NextAsync<ContactPresenceChangedEventArgs>(h => bob.Presence.ContactPresenceChanged += h,
            e => e.BareJid == alice.Bare && e.Presence?.Show == PresenceShow.Away);

        await alice.Presence.SetPresenceAsync(PresenceShow.Away, "Out to lunch", 3);

        var change = await seen;
        Assert.Equal(alice.Client.BoundJid, change.From);
        Assert.Equal("Out to lunch", change.Presence?.Status);
        Assert.Equal((sbyte)3, change.Presence?.Priority);
        var best = bob.Presence.Tracker.GetBestResource(alice.Bare);
        Assert.Equal(alice.Client.BoundJid!.Resource, best?.Resource);
        Assert.Equal(PresenceShow.Away, best?.Show);

        var gone = NextAsync<ContactPresenceChangedEventArgs>(h => bob.Presence.ContactPresenceChanged += h,
            e => e.BareJid == alice.Bare && !e.IsAvailable);
        await alice.Presence.GoUnavailableAsync("bye");
        await gone;
        Assert.False(bob.Presence.Tracker.IsAvailable(alice.Bare));
    }

    [Fact]
    public async Task Roster_push_forged_by_a_third_account_is_refused_and_ignored()
    {
        var victimName = await NewUserAsync("victim");
        await using var victim = await ConnectAsync(victimName);
        await using var attacker = await ConnectAsync(await NewUserAsync("mallory"));
        var friend = Jid.Parse($"{ProsodyServer.NewUserName("friend")}@{Server.Domain}");
        var pushed = NextAsync<RosterChangedEventArgs>(h => victim.Roster.RosterChanged += h, e => e.Item.Jid == friend);
        await victim.Roster.GetRosterAsync();
        await victim.Roster.AddOrUpdateAsync(friend, "Friend", ["Friends"]);
        await pushed;
        var changes = new List<RosterChangedEventArgs>();
        victim.Roster.RosterChanged += (_, e) => { lock (changes) changes.Add(e); };
        // Proves the refusal came from the victim's client, not from the server in front of it.
        var delivered = NextAsync<Stanza>(h => victim.Client.StanzaReceived += h, s => s is Iq && s.From?.Bare == attacker.Bare);

        var forged = new Iq(IqType.Set, new XElement(XName.Get("query", ImNamespaces.Roster),
            new XElement(XName.Get("item", ImNamespaces.Roster), new XAttribute("jid", friend.ToString()), new XAttribute("subscription", "remove"))),
            victim.Client.BoundJid);
        var ex = await Assert.ThrowsAsync<StanzaErrorException>(() => attacker.Client.SendIqAsync(forged));

        // The victim answered only after its handler ran, so no event can still be on its way.
        Assert.Equal("service-unavailable", ex.Error.Condition);
        Assert.Equal(IqType.Set, ((Iq)await delivered).Type);
        lock (changes)
            Assert.Empty(changes);
        var item = Assert.Single(victim.Roster.Items);
        Assert.Equal(friend, item.Jid);
        Assert.Equal("Friend", item.Name);
        Assert.Equal(friend, Assert.Single(await victim.Roster.GetRosterAsync()).Jid);
    }

    [Fact]
    public async Task Add_rename_regroup_and_remove_arrive_as_pushes()
    {
        await using var me = await ConnectAsync(await NewUserAsync("owner"));
        var contact = Jid.Parse($"{ProsodyServer.NewUserName("carol")}@{Server.Domain}");
        await me.Roster.GetRosterAsync();

        var added = NextAsync<RosterChangedEventArgs>(h => me.Roster.RosterChanged += h, e => e.Kind == RosterChangeKind.Added);
        await me.Roster.AddOrUpdateAsync(contact, "Carol", ["Friends"]);
        var a = await added;
        Assert.Equal(contact, a.Item.Jid);
        Assert.Equal("Carol", a.Item.Name);
        Assert.Equal(["Friends"], a.Item.Groups);
        Assert.Equal(RosterSubscription.None, a.Item.Subscription);

        var renamed = NextAsync<RosterChangedEventArgs>(h => me.Roster.RosterChanged += h, e => e.Item.Name == "Caroline");
        await me.Roster.AddOrUpdateAsync(contact, "Caroline", ["Friends"]);
        var r = await renamed;
        Assert.Equal(RosterChangeKind.Updated, r.Kind);
        Assert.Equal("Carol", r.Previous?.Name);

        var regrouped = NextAsync<RosterChangedEventArgs>(h => me.Roster.RosterChanged += h, e => e.Item.Groups.Contains("Work"));
        await me.Roster.AddOrUpdateAsync(contact, "Caroline", ["Work", "Chess"]);
        var g = await regrouped;
        Assert.Equal(["Chess", "Work"], g.Item.Groups.Order(StringComparer.Ordinal));
        Assert.Equal(["Chess", "Work"], me.Roster.GetItem(contact)!.Groups.Order(StringComparer.Ordinal));

        var removed = NextAsync<RosterChangedEventArgs>(h => me.Roster.RosterChanged += h, e => e.Kind == RosterChangeKind.Removed);
        await me.Roster.RemoveAsync(contact);
        Assert.Equal(contact, (await removed).Item.Jid);
        Assert.Empty(me.Roster.Items);
        Assert.Empty(await me.Roster.GetRosterAsync());
    }

    [Fact]
    public async Task Roster_versioning_round_trip()
    {
        var user = await NewUserAsync("versioned");
        string firstVersion;
        IReadOnlyCollection<RosterItem> firstItems;
        var dave = Jid.Parse($"{ProsodyServer.NewUserName("dave")}@{Server.Domain}");
        var erin = Jid.Parse($"{ProsodyServer.NewUserName("erin")}@{Server.Domain}");
        await using (var first = await ConnectAsync(user))
        {
            Assert.True(first.Roster.SupportsVersioning);
            // Only an "interested" resource (one that fetched the roster) gets pushes (RFC 6121 §2.1.6).
            await first.Roster.GetRosterAsync();
            var pushed = NextAsync<RosterChangedEventArgs>(h => first.Roster.RosterChanged += h, e => e.Item.Jid == dave);
            await first.Roster.AddOrUpdateAsync(dave, "Dave");
            await pushed;
            await first.Roster.GetRosterAsync();
            firstVersion = first.Roster.Version ?? throw new InvalidOperationException("No roster version.");
            firstItems = first.Roster.Items;

            // Changes after the app stored its cache.
            var pushedVersion = NextAsync<RosterChangedEventArgs>(h => first.Roster.RosterChanged += h, e => e.Item.Jid == erin);
            await first.Roster.AddOrUpdateAsync(erin, "Erin");
            var change = await pushedVersion;
            Assert.NotNull(change.Version);
            Assert.NotEqual(firstVersion, change.Version);
        }

        // A later session preloads the stored (now stale) cache: the server sends what changed.
        var stale = new RosterManager();
        stale.Preload(firstVersion, firstItems);
        await using (var second = await ConnectAsync(user, stale))
        {
            var received = NextAsync<RosterReceivedEventArgs>(h => stale.RosterReceived += h, _ => true);
            await stale.GetRosterAsync();
            Assert.False((await received).Unchanged);
            Assert.NotNull(stale.GetItem(erin));
            Assert.NotNull(stale.GetItem(dave));
            Assert.NotEqual(firstVersion, stale.Version);
            var current = stale.Version;

            // Asking again with the current version: "unchanged", cache kept.
            var again = NextAsync<RosterReceivedEventArgs>(h => stale.RosterReceived += h, _ => true);
            var items = await stale.GetRosterAsync();
            Assert.True((await again).Unchanged);
            Assert.Equal(2, items.Count);
            Assert.Equal(current, stale.Version);
        }
    }
}
