using System.Collections.Concurrent;
using Magpie.Xmpp.Testing;
using Magpie.Xmpp.Extensions.Mam;

namespace Magpie.Xmpp.Tests.Extensions.Mam;

public sealed class ArchiveCatchUpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Records what the catch-up delivers and lets a test wait for a count.</summary>
    private sealed class Delivered
    {
        private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _expected;

        public Delivered(ArchiveCatchUp catchUp, int expected)
        {
            _expected = expected;
            catchUp.MessageReceived += (_, m) =>
            {
                All.Enqueue(m);
                if (All.Count >= _expected)
                    _enough.TrySetResult();
            };
        }

        public ConcurrentQueue<CaughtUpMessage> All { get; } = new();

        public Task WaitAsync() => _enough.Task.WaitAsync(Timeout);
    }

    private static string Live(string body, string origin, string? stanzaId, string from = "romeo@example.net/orchard", string by = "juliet@example.com") =>
        $"S: <message from='{from}' to='juliet@example.com/balcony' type='chat'><body>{body}</body><origin-id xmlns='urn:xmpp:sid:0' id='{origin}'/>"
        + (stanzaId is null ? "" : $"<stanza-id xmlns='urn:xmpp:sid:0' by='{by}' id='{stanzaId}'/>") + "</message>";

    private static string Result(string queryId, string id, string body, string origin, string from = "romeo@example.net/orchard") =>
        $"S: <message to='juliet@example.com/balcony'><result xmlns='urn:xmpp:mam:2' queryid='{queryId}' id='{id}'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-11-20T10:00:00Z'/>"
        + $"<message xmlns='jabber:client' from='{from}' to='juliet@example.com/balcony' type='chat'><body>{body}</body><origin-id xmlns='urn:xmpp:sid:0' id='{origin}'/></message></forwarded></result></message>";

    [Fact]
    public async Task A_new_session_delivers_the_archive_after_the_last_id_then_held_live_messages_each_once_and_in_order()
    {
        ArchiveCatchUp? catchUp = null;
        Delivered? delivered = null;
        // Live 'seven' overtakes the catch-up (held, then recognised by its stanza-id), 'eight' is seven sent again
        // by romeo after his session was replaced (same origin-id, new archive id), 'forged' carries a stanza-id
        // by someone else, which proves nothing, and 'nine' arrives live after the catch-up.
        await using var session = await ReplayHarness.ConnectAsync($$"""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/></query></iq>
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>a5</after><max>100</max></set></query></iq>
            {{Live("seven", "o7", "a7")}}
            {{Result("{q1}", "a6", "six", "o6")}}
            {{Result("{q1}", "a7", "seven", "o7")}}
            {{Result("{q1}", "a8", "seven", "o7")}}
            {{Live("forged", "o-forged", "a6", from: "mallory@evil.example/x", by: "mallory@evil.example")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a6</first><last>a8</last></set></fin></iq>
            {{Live("nine", "o9", "a9")}}
            """, configure: c =>
        {
            var mam = c.Use(new MamExtension());
            catchUp = new ArchiveCatchUp(c, mam, lastArchiveId: "a5");
            delivered = new Delivered(catchUp, 4);
        });
        await delivered!.WaitAsync();
        await catchUp!.Current.WaitAsync(Timeout);
        await session.AssertCompleteAsync();

        Assert.Equal(["six", "seven", "forged", "nine"], delivered.All.Select(m => m.Message.Body));
        Assert.Equal([true, true, false, false], delivered.All.Select(m => m.IsFromArchive));
        Assert.Equal(["a6", "a7", null, "a9"], delivered.All.Select(m => m.ArchiveId));
        Assert.Equal("a9", catchUp.LastArchiveId);
    }

    [Fact]
    public async Task The_first_session_without_a_known_id_notes_where_the_archive_stands_and_delivers_only_what_comes_after()
    {
        ArchiveCatchUp? catchUp = null;
        Delivered? delivered = null;
        await using var session = await ReplayHarness.ConnectAsync($$"""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/></query></iq>
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><before/><max>1</max></set></query></iq>
            {{Live("live during the query", "o4", "a4")}}
            {{Result("{q1}", "a3", "old", "o3")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first>a3</first><last>a3</last></set></fin></iq>
            {{Live("after", "o5", "a5")}}
            """, configure: c =>
        {
            var mam = c.Use(new MamExtension());
            catchUp = new ArchiveCatchUp(c, mam);
            delivered = new Delivered(catchUp, 2);
        });
        await delivered!.WaitAsync();
        await catchUp!.Current.WaitAsync(Timeout);
        await session.AssertCompleteAsync();

        // The archive's old message is not delivered; the live one held during the query is, then the next.
        Assert.Equal(["live during the query", "after"], delivered.All.Select(m => m.Message.Body));
        Assert.All(delivered.All, m => Assert.False(m.IsFromArchive));
        Assert.Equal("a5", catchUp.LastArchiveId);
    }

    [Fact]
    public async Task A_failed_catch_up_still_delivers_the_held_live_messages_and_reports_the_failure()
    {
        ArchiveCatchUp? catchUp = null;
        Delivered? delivered = null;
        await using var session = await ReplayHarness.ConnectAsync($$"""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/></query></iq>
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>a5</after><max>100</max></set></query></iq>
            {{Live("held", "o6", "a6")}}
            S: <iq type='error' id='{i1}'><error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>
            """, configure: c =>
        {
            var mam = c.Use(new MamExtension());
            catchUp = new ArchiveCatchUp(c, mam, lastArchiveId: "a5");
            delivered = new Delivered(catchUp, 1);
        });
        await delivered!.WaitAsync();
        var error = await Assert.ThrowsAsync<StanzaErrorException>(() => catchUp!.Current.WaitAsync(Timeout));
        Assert.Equal("service-unavailable", error.Error.Condition);
        Assert.Equal("held", Assert.Single(delivered.All).Message.Body);
        await session.AssertCompleteAsync();
    }

    [Theory]
    [InlineData("<iq type='error' id='{i1}'><error type='modify'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>", false)]
    [InlineData("<iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><count>80</count></set></fin></iq>", true)]
    public async Task A_cursor_the_archive_does_not_know_is_caught_up_by_time(string answer, bool ejabberd)
    {
        ArchiveCatchUp? catchUp = null;
        Delivered? delivered = null;
        // Not known there (a cursor kept from another server): item-not-found, or ejabberd 23.01's empty 'complete'
        // page with a count, whose newest item is not our cursor. Then by time, from the last archive time less 10 minutes.
        var newest = ejabberd
            ? Result("{q9}", "e9", "newest", "o9") + "\nS: <iq type='result' id='{i9}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first index='79'>e9</first><last>e9</last><count>80</count></set></fin></iq>"
            : "";
        var ask = ejabberd
            ? "C: <iq type='set' id='{i9}'><query xmlns='urn:xmpp:mam:2' queryid='{q9}'><set xmlns='http://jabber.org/protocol/rsm'><before/><max>1</max></set></query></iq>\n" + newest
            : "";
        await using var session = await ReplayHarness.ConnectAsync($$"""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/></query></iq>
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>old-server-7</after><max>100</max></set></query></iq>
            S: {{answer}}
            {{ask}}
            C: <iq type='set' id='{i2}'><query xmlns='urn:xmpp:mam:2' queryid='{q2}'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field><field var='start'><value>2026-11-20T09:50:00Z</value></field></x><set xmlns='http://jabber.org/protocol/rsm'><max>100</max></set></query></iq>
            {{Result("{q2}", "e8", "while we moved", "o8")}}
            {{Result("{q2}", "e9", "newest", "o9")}}
            S: <iq type='result' id='{i2}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>e8</first><last>e9</last><count>2</count></set></fin></iq>
            """, configure: c =>
        {
            var mam = c.Use(new MamExtension());
            var ids = c.Use(new Magpie.Xmpp.Extensions.StanzaIds.StanzaIdsExtension());
            catchUp = new ArchiveCatchUp(c, mam, ids, lastArchiveId: "old-server-7", lastArchiveTime: new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
            delivered = new Delivered(catchUp, 2);
        });
        await delivered!.WaitAsync();
        await catchUp!.Current.WaitAsync(Timeout);
        await session.AssertCompleteAsync();
        Assert.Equal(["while we moved", "newest"], delivered.All.Select(m => m.Message.Body));
        Assert.Equal("e9", catchUp.LastArchiveId);
    }

    [Fact]
    public async Task An_archive_that_is_merely_up_to_date_is_not_read_again_by_time()
    {
        ArchiveCatchUp? catchUp = null;
        // Prosody counts the whole result set: up to date, it answers as ejabberd does for an unknown cursor,
        // but its newest item is our cursor.
        await using var session = await ReplayHarness.ConnectAsync($$"""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/></query></iq>
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>a5</after><max>100</max></set></query></iq>
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><count>5</count></set></fin></iq>
            C: <iq type='set' id='{i9}'><query xmlns='urn:xmpp:mam:2' queryid='{q9}'><set xmlns='http://jabber.org/protocol/rsm'><before/><max>1</max></set></query></iq>
            {{Result("{q9}", "a5", "five", "o5")}}
            S: <iq type='result' id='{i9}'><fin xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><first index='4'>a5</first><last>a5</last><count>5</count></set></fin></iq>
            """, configure: c =>
        {
            var mam = c.Use(new MamExtension());
            catchUp = new ArchiveCatchUp(c, mam, lastArchiveId: "a5");
        });
        await catchUp!.Current.WaitAsync(Timeout);
        await session.AssertCompleteAsync();
        Assert.Equal("a5", catchUp.LastArchiveId);
    }

    [Fact]
    public async Task A_live_stanza_id_forged_in_our_name_does_not_move_the_position_nor_hide_an_archived_message()
    {
        ArchiveCatchUp? catchUp = null;
        Delivered? delivered = null;
        // Mallory's message carries our JID's stanza-id 'a6' (the id of a real archived message) ahead of the server's
        // own 'a7'. Only the last counts: the real a6 is still delivered, and the position is a7.
        await using var session = await ReplayHarness.ConnectAsync($$"""
            C: <iq type='get' to='juliet@example.com' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>
            S: <iq type='result' id='{d1}'><query xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/></query></iq>
            C: <iq type='set' id='{i1}'><query xmlns='urn:xmpp:mam:2' queryid='{q1}'><set xmlns='http://jabber.org/protocol/rsm'><after>a5</after><max>100</max></set></query></iq>
            S: <message from='mallory@evil.example/x' to='juliet@example.com/balcony' type='chat'><body>forged</body><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='a6'/><stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='a7'/></message>
            {{Result("{q1}", "a6", "real six", "o6")}}
            S: <iq type='result' id='{i1}'><fin xmlns='urn:xmpp:mam:2' complete='true'><set xmlns='http://jabber.org/protocol/rsm'><first>a6</first><last>a6</last></set></fin></iq>
            """, configure: c =>
        {
            var mam = c.Use(new MamExtension());
            catchUp = new ArchiveCatchUp(c, mam, lastArchiveId: "a5");
            delivered = new Delivered(catchUp, 2);
        });
        await delivered!.WaitAsync();
        await catchUp!.Current.WaitAsync(Timeout);
        await session.AssertCompleteAsync();
        Assert.Equal(["real six", "forged"], delivered.All.Select(m => m.Message.Body));
        Assert.Equal(["a6", "a7"], delivered.All.Select(m => m.ArchiveId));
        Assert.Equal("a7", catchUp.LastArchiveId);
    }
}
