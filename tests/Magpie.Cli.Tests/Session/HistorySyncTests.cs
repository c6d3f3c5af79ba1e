using Magpie.Cli.Session;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Stanzas;

namespace Magpie.Cli.Tests.Session;

/// <summary>The archive catch-up against recorded exchanges: paging, de-duplication, the stored cursor.</summary>
public sealed class HistorySyncTests : IDisposable
{
    private static readonly Jid Me = Jid.Parse("juliet@example.com");
    private static readonly Jid Romeo = Jid.Parse("romeo@example.net");
    private readonly TempDataHome _home = new();

    public void Dispose() => _home.Dispose();

    private static string Result(string queryId, string id, string inner, string from = "") =>
        $"S: <message {from} to='juliet@example.com/balcony'><result xmlns='urn:xmpp:mam:2' queryid='{queryId}' id='{id}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-11-20T10:0{id[^1]}:00Z'/>{inner}</forwarded></result></message>";

    private async Task<(ReplaySession Session, HistorySync Sync)> ConnectAsync(HistoryStore store, string transcript)
    {
        HistorySync? sync = null;
        var session = await ReplayHarness.ConnectAsync(transcript, configure: c =>
            sync = new HistorySync(c, c.Use(new MamExtension { PageSize = 2 }), store));
        return (session, sync!);
    }

    [Fact]
    public async Task Catch_up_pages_through_the_archive_and_stores_each_message_once()
    {
        using var store = _home.Open();
        // Already known: a message we sent (by origin-id) and one received live with our server's stanza-id.
        var sent = new Message(Romeo, "are you there?") { Id = "o-out" };
        sent.Element.Add(new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("origin-id", "urn:xmpp:sid:0"), new System.Xml.Linq.XAttribute("id", "o-out")));
        store.Add(HistoryMapper.ForOutgoing(sent, TempDataHome.Account, DateTimeOffset.UtcNow, DeliveryState.Sent));
        var live = new Message(System.Xml.Linq.XElement.Parse("""
            <message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='r1'><body>hi</body><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='a1'/></message>
            """));
        store.Add(HistoryMapper.FromLive(live, TempDataHome.Account, DateTimeOffset.UtcNow, new Magpie.Xmpp.Extensions.StanzaIds.TrustedStanzaId("a1", Me))!);

        var (session, sync) = await ConnectAsync(store, $$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set></query></iq>
            {{Result("{q1}", "a1", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com/balcony' type='chat' id='r1'><body>hi</body></message>")}}
            {{Result("{q1}", "a2", "<message xmlns='jabber:client' from='juliet@example.com/chamber' to='romeo@example.net' type='chat' id='o-out'><body>are you there?</body><origin-id xmlns='urn:xmpp:sid:0' id='o-out'/></message>")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first>a1</first><last>a2</last></set></fin></iq>
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><set xmlns='http://jabber.org/protocol/rsm'><after>a2</after><max>2</max></set></query></iq>
            {{Result("{q2}", "f5", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>forged</body></message>", from: "from='mallory@evil.example'")}}
            {{Result("{q2}", "a3", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat' id='x'><body>new one</body><origin-id xmlns='urn:xmpp:sid:0' id='r-3'/></message>")}}
            {{Result("{q2}", "a4", "<message xmlns='jabber:client' from='romeo@example.net/phone' to='juliet@example.com' type='chat' id='y'><body>new one</body><origin-id xmlns='urn:xmpp:sid:0' id='r-3'/></message>")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a3</first><last>a4</last></set></fin></iq>
            """);
        await using var _ = session;
        using var __ = sync;

        Assert.Equal(1, await sync.Current.WaitAsync(TimeSpan.FromSeconds(10)));
        await session.AssertCompleteAsync();
        var rows = store.GetConversation(Romeo);
        Assert.Equal(["are you there?", "hi", "new one"], rows.OrderBy(r => r.Id).Select(r => r.Body));
        var mine = rows.Single(r => r.Direction == MessageDirection.Out);
        Assert.Equal("a2", mine.StanzaId);
        Assert.Equal(DeliveryState.Acked, mine.State);
        var fresh = rows.Single(r => r.Body == "new one");
        Assert.Equal("a3", fresh.StanzaId);
        Assert.True(fresh.Delayed);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 3, 0, TimeSpan.Zero), fresh.Time);
        Assert.Equal("a4", store.GetLastArchiveId(Me));
        Assert.Empty(store.Search("forged"));
    }

    [Fact]
    public async Task Next_session_starts_after_the_stored_id_and_goes_by_time_when_the_archive_forgot_it()
    {
        using var store = _home.Open();
        store.AddArchivePage(Me, [], "expired");
        var (session, sync) = await ConnectAsync(store, $$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>expired</after><max>2</max></set></query></iq>
            S: <iq type='error' id='{i1}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='start'><value>{*}</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set></query></iq>
            {{Result("{q2}", "b1", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>kept</body></message>")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>b1</first><last>b1</last></set></fin></iq>
            C: <iq type='set' id='{i3}'><query xmlns='urn:xmpp:mam:2' queryid='{q3}'><set xmlns='http://jabber.org/protocol/rsm'><after>b1</after><max>2</max></set></query></iq>
            S: <iq type='result' id='{i3}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'/></fin></iq>
            """);
        await using var _ = session;
        using var __ = sync;

        Assert.Equal(1, await sync.Current.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("b1", store.GetLastArchiveId(Me));
        // A second catch-up in the same session asks only for what came after.
        Assert.Equal(0, await sync.SyncAsync());
        await session.AssertCompleteAsync();
        Assert.Equal("b1", store.GetLastArchiveId(Me));
        Assert.Equal(1, store.Count());
    }

    [Fact]
    public async Task An_archive_answering_ejabberds_empty_complete_page_for_a_cursor_it_does_not_know_is_read_by_time()
    {
        using var store = _home.Open();
        store.AddArchivePage(Me, [], "from-the-old-server");
        // ejabberd 23.01, asked after an id it does not know: 'complete', a count, no results. Its newest item is
        // not our cursor, so the cursor is unknown there: the catch-up goes by time from when we stored it.
        var (session, sync) = await ConnectAsync(store, $$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>from-the-old-server</after><max>2</max></set></query></iq>
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><count>80</count></set></fin></iq>
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><set xmlns='http://jabber.org/protocol/rsm'><before/><max>1</max></set></query></iq>
            {{Result("{q2}", "e9", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>newest</body></message>")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first index='79'>e9</first><last>e9</last><count>80</count></set></fin></iq>
            C: <iq type='set' id='{i3}'><query xmlns='urn:xmpp:mam:2' queryid='{q3}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='start'><value>{*}</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set></query></iq>
            {{Result("{q3}", "e8", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>while we moved</body></message>")}}
            {{Result("{q3}", "e9", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>newest</body></message>")}}
            S: <iq type='result' id='{i3}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>e8</first><last>e9</last><count>2</count></set></fin></iq>
            C: <iq type='set' id='{i4}'><query xmlns='urn:xmpp:mam:2' queryid='{q4}'><set xmlns='http://jabber.org/protocol/rsm'><after>e9</after><max>2</max></set></query></iq>
            S: <iq type='result' id='{i4}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><count>80</count></set></fin></iq>
            C: <iq type='set' id='{i5}'><query xmlns='urn:xmpp:mam:2' queryid='{q5}'><set xmlns='http://jabber.org/protocol/rsm'><before/><max>1</max></set></query></iq>
            {{Result("{q5}", "e9", "<message xmlns='jabber:client' from='romeo@example.net/orchard' to='juliet@example.com' type='chat'><body>newest</body></message>")}}
            S: <iq type='result' id='{i5}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first index='79'>e9</first><last>e9</last><count>80</count></set></fin></iq>
            """);
        await using var _ = session;
        using var __ = sync;

        Assert.Equal(2, await sync.Current.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("e9", store.GetLastArchiveId(Me));
        // Up to date now: the same empty 'complete' answer, but the newest item is our cursor, so nothing more is asked.
        Assert.Equal(0, await sync.SyncAsync());
        await session.AssertCompleteAsync();
        Assert.Equal(["while we moved", "newest"], store.GetConversation(Romeo).Select(r => r.Body));
    }

    [Fact]
    public async Task A_room_seen_for_the_first_time_gives_its_newest_page_then_catches_up_from_there()
    {
        using var store = _home.Open();
        var room = Jid.Parse("lobby@conference.example.com");
        var (session, sync) = await ConnectAsync(store, $$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set></query></iq>
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'/></fin></iq>
            C: <iq type='set' id='{i2}' to='lobby@conference.example.com'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><set xmlns='http://jabber.org/protocol/rsm'><before/><max>2</max></set></query></iq>
            {{Result("{q2}", "r5", "<message xmlns='jabber:client' from='lobby@conference.example.com/romeo' type='groupchat'><body>five</body></message>", from: "from='lobby@conference.example.com'")}}
            {{Result("{q2}", "r6", "<message xmlns='jabber:client' from='lobby@conference.example.com/nurse' type='groupchat'><body>six</body></message>", from: "from='lobby@conference.example.com'")}}
            S: <iq type='result' id='{i2}' from='lobby@conference.example.com'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first index='4'>r5</first><last>r6</last><count>6</count></set></fin></iq>
            C: <iq type='set' id='{i3}' to='lobby@conference.example.com'><query xmlns='urn:xmpp:mam:2' queryid='{q3}'><set xmlns='http://jabber.org/protocol/rsm'><after>r6</after><max>2</max></set></query></iq>
            {{Result("{q3}", "r7", "<message xmlns='jabber:client' from='lobby@conference.example.com/romeo' type='groupchat'><body>seven</body></message>", from: "from='lobby@conference.example.com'")}}
            S: <iq type='result' id='{i3}' from='lobby@conference.example.com'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>r7</first><last>r7</last></set></fin></iq>
            """);
        await using var _ = session;
        using var __ = sync;

        Assert.Equal(0, await sync.Current.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, await sync.SyncAsync(room));
        Assert.Equal("r6", store.GetLastArchiveId(room));
        Assert.Equal(1, await sync.SyncAsync(room));
        await session.AssertCompleteAsync();
        var rows = store.GetConversation(room);
        Assert.Equal(["five", "six", "seven"], rows.Select(r => r.Body));
        Assert.All(rows, r => Assert.Equal("lobby@conference.example.com", r.StanzaIdBy));
        Assert.Equal("r7", store.GetLastArchiveId(room));
        Assert.Null(store.GetLastArchiveId(Me));
    }
}
