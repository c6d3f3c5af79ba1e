using System.Collections.Concurrent;
using Magpie.Testing.Replay;
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
}
