using Magpie.Prosody;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.Ping;
using Magpie.Xmpp.Extensions.StanzaIds;
using Magpie.Xmpp.Stanzas;

namespace Magpie.IntegrationTests.Extensions;

/// <summary>XEP-0313 queries against Prosody's mod_mam.</summary>
[Collection("prosody")]
public sealed class ArchiveTests(ProsodyFixture fixture)
{
    private ProsodyServer Server => fixture.Server;

    private async Task<(XmppClient Client, Jid Jid)> ConnectNewAsync(string prefix, int pageSize = 100)
    {
        var name = ProsodyServer.NewUserName(prefix);
        await Server.CreateUserAsync(name, "pw-" + name);
        var options = new XmppClientOptions
        {
            Jid = Jid.Parse($"{name}@localhost/res"),
            Password = "pw-" + name,
            Host = Server.Host,
            Port = Server.C2sPort,
        };
        options.Tls.TrustCertificateFile(Server.CaCertificatePath);
        var client = new XmppClient(options);
        client.Use(new StanzaIdsExtension());
        client.Use(new MamExtension { PageSize = pageSize });
        client.Use(new PingExtension());
        await client.ConnectAsync();
        return (client, options.Jid.Bare);
    }

    [Fact]
    public async Task Paging_returns_every_archived_message_once_in_order_with_stamps()
    {
        var (alice, aliceJid) = await ConnectNewAsync("mama");
        await using var _ = alice;
        var (bob, bobJid) = await ConnectNewAsync("mamb", pageSize: 2);
        await using var __ = bob;
        var bodies = Enumerable.Range(1, 5).Select(i => $"archived {i}").ToList();
        var originIds = new List<string>();
        foreach (var body in bodies)
        {
            var message = new Message(bobJid, body);
            await alice.SendAsync(message);
            originIds.Add(MessageIds.GetOriginId(message)!);
        }
        // The server handles a session's stanzas in order: once it answered the ping, it archived all five.
        await alice.GetExtension<PingExtension>()!.PingAsync(Jid.Parse("localhost"));

        var pages = new List<ArchivePage>();
        await foreach (var page in bob.GetExtension<MamExtension>()!.QueryAllAsync(with: aliceJid))
            pages.Add(page);
        var all = pages.SelectMany(p => p.Messages).ToList();

        Assert.Equal(bodies, all.Select(m => m.Message.Body));
        Assert.Equal(originIds, all.Select(m => MessageIds.GetOriginId(m.Message)));
        Assert.Equal(5, all.Select(m => m.ArchiveId).Distinct().Count());
        Assert.True(pages.Count >= 3, $"a page size of 2 should need at least 3 pages, got {pages.Count}");
        Assert.True(pages[^1].IsComplete);
        Assert.All(all, m => Assert.True(m.Stamp is { } t && Math.Abs((DateTimeOffset.UtcNow - t).TotalMinutes) < 5));
        Assert.All(all, m => Assert.Equal(bobJid, m.Archive));

        // The sender's own archive holds the same messages, from her own JID.
        var mine = await alice.GetExtension<MamExtension>()!.QueryAsync(with: bobJid, max: 10);
        Assert.Equal(bodies, mine.Messages.Select(m => m.Message.Body));
        Assert.All(mine.Messages, m => Assert.Equal(aliceJid, m.Message.From?.Bare));

        // Starting after the third id gives the last two.
        var rest = await bob.GetExtension<MamExtension>()!.QueryAsync(with: aliceJid, afterId: all[2].ArchiveId, max: 10);
        Assert.Equal(bodies[3..], rest.Messages.Select(m => m.Message.Body));
    }

    [Fact]
    public async Task A_relayed_stanza_id_forged_in_our_name_is_not_trusted_the_servers_own_is()
    {
        var (mallory, _) = await ConnectNewAsync("sidforger");
        await using var _m = mallory;
        var (bob, bobJid) = await ConnectNewAsync("sidvictim");
        await using var _b = bob;
        var ids = bob.GetExtension<StanzaIdsExtension>()!;
        Assert.True(await ids.SupportsStanzaIdsAsync(bobJid));
        var received = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.MessageReceived += (_, m) =>
        {
            if (m.Body == "trust me")
                received.TrySetResult(m);
        };

        var forged = new Message(bob.BoundJid!, "trust me"); // to the session: bob sent no presence
        forged.Element.Add(new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("stanza-id", MessageIds.Namespace),
            new System.Xml.Linq.XAttribute("by", bobJid.ToString()), new System.Xml.Linq.XAttribute("id", "forged-by-mallory")));
        await mallory.SendAsync(forged);
        var live = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Prosody 0.12 relays Mallory's stanza-id ahead of its own; the archive's id is the last one.
        var trusted = ids.GetTrustedStanzaId(live);
        Assert.NotNull(trusted);
        Assert.NotEqual("forged-by-mallory", trusted.Id);
        var archived = new List<ArchivedMessage>();
        await foreach (var page in bob.GetExtension<MamExtension>()!.QueryAllAsync(with: mallory.BoundJid!.Bare))
            archived.AddRange(page.Messages);
        Assert.Equal(trusted.Id, Assert.Single(archived).ArchiveId);
    }

    [Fact]
    public async Task A_room_archive_is_queried_at_the_room()
    {
        var (alice, _) = await ConnectNewAsync("mamroom");
        await using var _ = alice;
        var room = Jid.Parse(ProsodyServer.NewUserName("room") + "@conference.localhost");
        var me = await Rooms.CreateAndPostAsync(alice, room, "alice", "room one", "room two");

        var page = await alice.GetExtension<MamExtension>()!.QueryAsync(room, max: 10);
        Assert.Equal(["room one", "room two"], page.Messages.Select(m => m.Message.Body));
        Assert.All(page.Messages, m => Assert.Equal(room, m.Archive));
        Assert.All(page.Messages, m => Assert.Equal(me, m.Message.From));
        Assert.True(page.IsComplete);
    }
}
