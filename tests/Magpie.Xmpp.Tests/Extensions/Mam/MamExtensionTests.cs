using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Mam;
using Magpie.Xmpp.Extensions.Rsm;

namespace Magpie.Xmpp.Tests.Extensions.Mam;

public sealed class MamExtensionTests
{
    private static Task<ReplaySession> ConnectAsync(string transcript, int pageSize = 100) =>
        ReplayHarness.ConnectAsync(transcript, configure: c => c.Use(new MamExtension { PageSize = pageSize }));

    private static string Result(string queryId, string id, string body, string from = "", string stamp = "2026-11-20T10:00:00Z", string inner = "from='romeo@example.net/orchard' to='juliet@example.com/balcony'") =>
        $"S: <message {from} to='juliet@example.com/balcony'><result xmlns='urn:xmpp:mam:2' queryid='{queryId}' id='{id}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='{stamp}'/><message xmlns='jabber:client' {inner} type='chat'><body>{body}</body></message></forwarded></result></message>";

    [Fact]
    public async Task QueryAllAsync_pages_with_rsm_after_until_complete()
    {
        await using var session = await ConnectAsync($$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='with'><value>romeo@example.net</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set></query></iq>
            {{Result("{q1}", "a1", "one", stamp: "2026-11-20T10:00:00Z")}}
            {{Result("{q1}", "a2", "two", from: "from='juliet@example.com'", stamp: "2026-11-20T10:01:00.5Z", inner: "from='juliet@example.com/chamber' to='romeo@example.net'")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first index='0'>a1</first><last>a2</last><count>3</count></set></fin></iq>
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='with'><value>romeo@example.net</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><after>a2</after><max>2</max></set></query></iq>
            {{Result("{q2}", "a3", "three", stamp: "2026-11-20T10:02:00Z")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first index='2'>a3</first><last>a3</last><count>3</count></set></fin></iq>
            """, pageSize: 2);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var pages = new List<ArchivePage>();
        await foreach (var page in mam.QueryAllAsync(with: Jid.Parse("romeo@example.net")))
            pages.Add(page);

        Assert.Equal(2, pages.Count);
        Assert.False(pages[0].IsComplete);
        Assert.True(pages[1].IsComplete);
        Assert.Equal(new ResultSetInfo { First = "a1", FirstIndex = 0, Last = "a2", Count = 3 }, pages[0].ResultSet);
        var all = pages.SelectMany(p => p.Messages).ToList();
        Assert.Equal(["a1", "a2", "a3"], all.Select(m => m.ArchiveId));
        Assert.Equal(["one", "two", "three"], all.Select(m => m.Message.Body));
        Assert.All(all, m => Assert.Equal(Jid.Parse("juliet@example.com"), m.Archive));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 1, 0, 500, TimeSpan.Zero), all[1].Stamp);
        Assert.Equal("juliet@example.com/chamber", all[1].Message.From?.ToString());
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Forged_results_are_ignored()
    {
        // Wrong sender (a stranger, our own other resource), a query id we never opened: none is surfaced.
        await using var session = await ConnectAsync($$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><max>10</max></set></query></iq>
            {{Result("{q1}", "f1", "forged by a stranger", from: "from='mallory@evil.example'")}}
            {{Result("{q1}", "f2", "forged by a resource", from: "from='juliet@example.com/chamber'")}}
            {{Result("{q1}", "f3", "forged by the domain", from: "from='example.com'")}}
            {{Result("not-ours", "f4", "unknown query")}}
            {{Result("{q1}", "g1", "genuine")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>g1</first><last>g1</last></set></fin></iq>
            """);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var page = await mam.QueryAsync(max: 10);
        var only = Assert.Single(page.Messages);
        Assert.Equal("genuine", only.Message.Body);
        Assert.Equal("g1", only.ArchiveId);
        Assert.True(page.IsComplete);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Paging_moves_on_past_a_page_whose_results_were_all_unusable()
    {
        // The page's only result has no forwarded message: dropped, yet it counts as seen (no waiting for
        // it until the timeout), and its id still moves the next page on.
        await using var session = await ConnectAsync($$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><max>1</max></set></query></iq>
            S: <message to='juliet@example.com/balcony'><result xmlns='urn:xmpp:mam:2' queryid='{q1}' id='bad'/></message>
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first>bad</first><last>bad</last></set></fin></iq>
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><set xmlns='http://jabber.org/protocol/rsm'><after>bad</after><max>1</max></set></query></iq>
            {{Result("{q2}", "good", "usable")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>good</first><last>good</last></set></fin></iq>
            """, pageSize: 1);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var pages = new List<ArchivePage>();
        await foreach (var page in mam.QueryAllAsync())
            pages.Add(page);
        Assert.Equal(2, pages.Count);
        Assert.Empty(pages[0].Messages);
        Assert.Equal("usable", Assert.Single(pages[1].Messages).Message.Body);
        // The harness's response timeout is 10 s: finishing well inside it shows nobody waited for 'bad'.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Results_arriving_after_the_query_closed_are_ignored()
    {
        await using var session = await ConnectAsync($$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'/></iq>
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><count>0</count></set></fin></iq>
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'/></iq>
            {{Result("{q1}", "late", "late result of the first query")}}
            {{Result("{q2}", "b1", "second")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>b1</first><last>b1</last></set></fin></iq>
            """);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var first = await mam.QueryAsync();
        Assert.Empty(first.Messages);
        Assert.Equal(0, first.ResultSet.Count);
        var second = await mam.QueryAsync();
        Assert.Equal("second", Assert.Single(second.Messages).Message.Body);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task A_result_arriving_after_the_querys_fin_is_dropped()
    {
        // The archive names a3 as the page's last result but sends it only after <fin/>: it is no part of the page.
        await using var session = await ConnectAsync($$"""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'/></iq>
            {{Result("{q1}", "a1", "one")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a1</first><last>a3</last></set></fin></iq>
            {{Result("{q1}", "a3", "slipped in after fin")}}
            """);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var page = await mam.QueryAsync();
        await session.AssertCompleteAsync();
        Assert.Equal("one", Assert.Single(page.Messages).Message.Body);
    }

    [Fact]
    public async Task Room_archive_is_queried_at_the_room_and_only_the_room_may_answer()
    {
        await using var session = await ConnectAsync($$"""
            C: <iq type='set' id='{i1}' to='lobby@conference.example.com'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='start'><value>2026-11-01T00:00:00Z</value></field><field var='end'><value>2026-11-02T12:30:00Z</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><before/><max>5</max></set></query></iq>
            {{Result("{q1}", "r0", "own server is not the room")}}
            {{Result("{q1}", "r1", "room talk", from: "from='lobby@conference.example.com'", inner: "from='lobby@conference.example.com/romeo'")}}
            {{Result("{q1}", "r2", "an occupant is not the room", from: "from='lobby@conference.example.com/mallory'", inner: "from='lobby@conference.example.com/mallory'")}}
            S: <iq type='result' id='{i1}' from='lobby@conference.example.com'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first>r1</first><last>r1</last></set></fin></iq>
            """);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var room = Jid.Parse("lobby@conference.example.com");
        var page = await mam.QueryAsync(room, start: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            end: new DateTimeOffset(2026, 11, 2, 13, 30, 0, TimeSpan.FromHours(1)), beforeId: "", max: 5);
        var only = Assert.Single(page.Messages);
        Assert.Equal("room talk", only.Message.Body);
        Assert.Equal(room, only.Archive);
        Assert.False(page.IsComplete);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public async Task Unknown_after_id_is_reported_as_item_not_found()
    {
        await using var session = await ConnectAsync("""
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>gone</after></set></query></iq>
            S: <iq type='error' id='{i1}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """);
        var mam = session.Client.GetExtension<MamExtension>()!;
        var error = await Assert.ThrowsAsync<StanzaErrorException>(() => mam.QueryAsync(afterId: "gone"));
        Assert.Equal("item-not-found", error.Error.Condition);
        await session.AssertCompleteAsync();
    }

    [Fact]
    public void Both_ids_go_into_the_extended_form_fields()
    {
        var query = MamExtension.BuildQuery("q", null, null, null, "a", "b", 3);
        Assert.Null(XmlAssert.Compare(XmlAssert.ParseInStream(
            "<query xmlns='urn:xmpp:mam:2' queryid='q'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='after-id'><value>a</value></field><field var='before-id'><value>b</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>3</max></set></query>"),
            query, new Dictionary<string, string>()));
    }
}
