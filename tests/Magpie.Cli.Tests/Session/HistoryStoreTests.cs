using Magpie.Cli.Session;
using Magpie.Xmpp;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace Magpie.Cli.Tests.Session;

public sealed class HistoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDataHome _home = new();

    public void Dispose() => _home.Dispose();

    private static HistoryMessage In(string body, int minute = 0, string from = "romeo@example.net/orchard", string? originId = null, string? stanzaId = null, string? by = null, string type = "chat") => new()
    {
        Peer = Jid.Parse(from).Bare.ToString(),
        Direction = MessageDirection.In,
        Sender = from,
        Recipient = "juliet@example.com/balcony",
        Type = type,
        Body = body,
        OriginId = originId,
        StanzaId = stanzaId,
        StanzaIdBy = by,
        Time = T0.AddMinutes(minute),
    };

    private static HistoryMessage Out(string body, int minute = 0, string to = "romeo@example.net", string? originId = null, string? stanzaId = null, DeliveryState state = DeliveryState.Sent) => new()
    {
        Peer = to,
        Direction = MessageDirection.Out,
        Sender = "juliet@example.com/balcony",
        Recipient = to,
        Body = body,
        MessageId = originId,
        OriginId = originId,
        StanzaId = stanzaId,
        Time = T0.AddMinutes(minute),
        State = state,
    };

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Database_is_created_under_xdg_data_home_with_private_modes()
    {
        using (var store = _home.Open())
        {
            store.Add(In("hello"));
            Assert.Equal(Path.Combine(_home.Root, "magpie", "juliet@example.com.db"), store.Path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
            // The write-ahead log holds the data before a checkpoint: it must be as private as the database.
            Assert.True(File.Exists(store.Path + "-wal"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path + "-wal"));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_home.Root, "magpie")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void An_existing_loose_database_file_is_tightened_to_0600()
    {
        using (_home.Open()) { }
        var path = Path.Combine(_home.Directory, "juliet@example.com.db");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (_home.Open()) { }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Data_directory_follows_xdg_rules()
    {
        var env = new Dictionary<string, string> { ["HOME"] = "/home/j", ["XDG_DATA_HOME"] = "relative/ignored" };
        Assert.Equal("/home/j/.local/share/magpie", HistoryPaths.DataDirectory(n => env.GetValueOrDefault(n)));
        env["XDG_DATA_HOME"] = "/data";
        Assert.Equal("/data/magpie", HistoryPaths.DataDirectory(n => env.GetValueOrDefault(n)));
        Assert.Null(HistoryPaths.DataDirectory(_ => null));
    }

    [Fact]
    public void File_names_are_safe_and_distinct_per_account()
    {
        Assert.Equal("juliet@example.com.db", HistoryPaths.FileName(Jid.Parse("juliet@example.com/balcony")));
        var a = HistoryPaths.FileName(Jid.Parse("a_5Cb@example.com"));
        var b = HistoryPaths.FileName(Jid.Parse("a\\b@example.com"));
        var c = HistoryPaths.FileName(Jid.Parse("ромео@example.com"));
        Assert.NotEqual(a, b);
        Assert.All(new[] { a, b, c }, n => Assert.Matches("^[A-Za-z0-9.@_~-]+\\.db$", n));
        Assert.True(HistoryPaths.FileName(Jid.Parse(new string('x', 1000) + "@example.com")).Length <= 200);
    }

    [Fact]
    public void One_database_per_account()
    {
        using var juliet = _home.Open();
        using var romeo = _home.Open(Jid.Parse("romeo@example.net"));
        juliet.Add(In("for juliet"));
        Assert.NotEqual(juliet.Path, romeo.Path);
        Assert.Equal(0, romeo.Count());
        Assert.Equal(1, juliet.Count());
    }

    [Fact]
    public void Conversation_is_the_last_n_oldest_first_by_time_not_insertion()
    {
        using var store = _home.Open();
        store.Add(In("third", minute: 3));
        store.Add(In("first", minute: 1));
        store.Add(Out("second", minute: 2));
        store.Add(In("elsewhere", minute: 4, from: "nurse@example.com/x"));
        var last2 = store.GetConversation(Jid.Parse("romeo@example.net"), limit: 2);
        Assert.Equal(["second", "third"], last2.Select(m => m.Body));
        Assert.Equal([MessageDirection.Out, MessageDirection.In], last2.Select(m => m.Direction));
        var all = store.GetConversation(Jid.Parse("romeo@example.net/any"), limit: 10);
        Assert.Equal(["first", "second", "third"], all.Select(m => m.Body));
    }

    [Fact]
    public void Duplicates_are_recognised_by_trusted_stanza_id_or_sender_and_origin_id_only()
    {
        using var store = _home.Open();
        Assert.True(store.Add(In("a", stanzaId: "s1")).Added);
        // Same archive id from the same archive: the same message, even with other text or time.
        Assert.False(store.Add(In("a again", minute: 9, stanzaId: "s1")).Added);
        // The same id from another archive is another message.
        Assert.True(store.Add(In("b", stanzaId: "s1", by: "room@muc.example.com", from: "room@muc.example.com/romeo", type: "groupchat")).Added);
        Assert.True(store.Add(In("c", originId: "o1")).Added);
        // Another resource of the same contact, same origin-id: the same message.
        Assert.False(store.Add(In("c", originId: "o1", from: "romeo@example.net/phone")).Added);
        // Another sender reusing the origin-id: a different message.
        Assert.True(store.Add(In("c", originId: "o1", from: "mallory@evil.example/x")).Added);
        // Same text and time but no ids: never merged.
        Assert.True(store.Add(In("same")).Added);
        Assert.True(store.Add(In("same")).Added);
        Assert.Equal(6, store.Count());
    }

    [Fact]
    public void Archived_copy_of_a_sent_message_fills_in_the_archive_id_and_clears_the_outbox()
    {
        using var store = _home.Open();
        var entry = store.EnqueueOutbox(Out("offline draft", originId: "o-7"));
        Assert.Equal(DeliveryState.Pending, entry.Message.State);
        var (existing, added) = store.Add(Out("offline draft", minute: 5, originId: "o-7", stanzaId: "arch-1", state: DeliveryState.Acked));
        Assert.False(added);
        Assert.Equal(entry.Message.Id, existing.Id);
        var row = Assert.Single(store.GetConversation(Jid.Parse("romeo@example.net")));
        Assert.Equal("arch-1", row.StanzaId);
        Assert.Equal("juliet@example.com", row.StanzaIdBy);
        Assert.Equal(DeliveryState.Acked, row.State);
        Assert.Empty(store.TakeOutbox());
        // Known now by its archive id too.
        Assert.False(store.Add(In("x", stanzaId: "arch-1")).Added);
    }

    [Fact]
    public void Full_text_search_is_available_and_takes_words_literally()
    {
        using var store = _home.Open();
        Assert.True(store.HasFullTextSearch, "the bundled SQLite should have FTS5");
        store.Add(In("Wherefore art thou Romeo?", minute: 1));
        store.Add(Out("Café at noon", minute: 2));
        store.Add(In("art galleries", minute: 3, from: "nurse@example.com/x"));
        store.Add(In("nothing here", minute: 4));

        Assert.Equal(["Wherefore art thou Romeo?"], store.Search("ROMEO art", Jid.Parse("romeo@example.net")).Select(m => m.Body));
        Assert.Equal(["Wherefore art thou Romeo?", "art galleries"], store.Search("art").Select(m => m.Body));
        Assert.Equal(["Café at noon"], store.Search("cafe").Select(m => m.Body));
        Assert.Empty(store.Search("Rome"));
        // FTS query syntax in user text is just text, never an error.
        Assert.Empty(store.Search("\"unbalanced OR NEAR( * -"));
        Assert.Empty(store.Search("   "));
    }

    // Found by fuzzing (fuzz/Magpie.Fuzz, target history): a NUL inside a search word ended the FTS5 string early and
    // SQLite threw "unterminated string".
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_nul_in_the_search_text_separates_words_and_is_no_error(bool fullText)
    {
        using var store = HistoryStore.Open(_home.Directory, TempDataHome.Account, allowFullText: fullText);
        store.Add(In("Wherefore art thou Romeo?", minute: 1));
        Assert.Equal(["Wherefore art thou Romeo?"], store.Search("art\0romeo").Select(m => m.Body));
        Assert.Empty(store.Search("\0"));
    }

    [Fact]
    public void Without_fts5_search_falls_back_to_a_literal_like_scan()
    {
        using var store = HistoryStore.Open(_home.Directory, TempDataHome.Account, allowFullText: false);
        Assert.False(store.HasFullTextSearch);
        store.Add(In("100% sure_thing", minute: 1));
        store.Add(In("1000 sureXthing", minute: 2));
        store.Add(In("Wherefore ART thou", minute: 3));
        Assert.Equal(["100% sure_thing"], store.Search("0% sure_").Select(m => m.Body));
        Assert.Equal(["Wherefore ART thou"], store.Search("art wherefore").Select(m => m.Body));
        Assert.Empty(store.Search("\\"));
    }

    [Fact]
    public void Outbox_keeps_composition_order_until_marked_sent_and_survives_reopening()
    {
        OutboxEntry second;
        using (var store = _home.Open())
        {
            store.EnqueueOutbox(Out("one", minute: 1, originId: "o1"));
            second = store.EnqueueOutbox(Out("two", minute: 1, originId: "o2", to: "nurse@example.com"));
            store.EnqueueOutbox(Out("three", minute: 0, originId: "o3"));
            Assert.Equal(["one", "two", "three"], store.TakeOutbox().Select(e => e.Message.Body));
            store.MarkSent(second);
        }
        using (var store = _home.Open())
        {
            var left = store.TakeOutbox();
            Assert.Equal(["one", "three"], left.Select(e => e.Message.Body));
            Assert.True(left[0].Sequence < left[1].Sequence);
            Assert.Equal(DeliveryState.Sent, Assert.Single(store.GetConversation(Jid.Parse("nurse@example.com"))).State);
            Assert.All(left, e => Assert.Equal(DeliveryState.Pending, e.Message.State));
        }
    }

    [Fact]
    public void Queueing_the_same_message_twice_keeps_one_entry_and_a_sent_one_is_refused()
    {
        using var store = _home.Open();
        var first = store.EnqueueOutbox(Out("once", originId: "q1"));
        var again = store.EnqueueOutbox(Out("once", originId: "q1"));
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Single(store.TakeOutbox());
        store.MarkSent(first);
        Assert.Throws<InvalidOperationException>(() => store.EnqueueOutbox(Out("once", originId: "q1")));
        Assert.Empty(store.TakeOutbox());
    }

    [Fact]
    public void Delivery_state_follows_receipts_by_message_id()
    {
        using var store = _home.Open();
        store.Add(Out("hi", originId: "m1"));
        store.Add(In("m1 is also my id", originId: "m1"));
        Assert.Equal(1, store.SetDeliveryState("m1", DeliveryState.Received));
        var rows = store.GetConversation(Jid.Parse("romeo@example.net"));
        Assert.Equal(DeliveryState.Received, rows.Single(r => r.Direction == MessageDirection.Out).State);
    }

    [Fact]
    public void Archive_cursor_is_stored_with_its_page_and_survives_reopening()
    {
        var me = Jid.Parse("juliet@example.com");
        using (var store = _home.Open())
        {
            Assert.Null(store.GetLastArchiveId(me));
            Assert.Equal(2, store.AddArchivePage(me, [In("a", stanzaId: "a1"), In("b", stanzaId: "a2")], "a2"));
            Assert.Equal(0, store.AddArchivePage(me, [In("b", stanzaId: "a2")], "a2"));
            store.SetLastArchiveId(Jid.Parse("room@muc.example.com"), "r9");
        }
        using (var store = _home.Open())
        {
            Assert.Equal("a2", store.GetLastArchiveId(me));
            Assert.Equal("r9", store.GetLastArchiveId(Jid.Parse("room@muc.example.com/nick")));
            Assert.Equal(2, store.Count());
        }
    }

    [Fact]
    public void A_crash_in_the_middle_of_a_transaction_leaves_every_committed_message()
    {
        string path;
        using (var store = _home.Open())
        {
            path = store.Path;
            for (var i = 0; i < 50; i++)
                store.Add(In("committed " + i, minute: i, stanzaId: "c" + i));
        }
        var crashed = Path.Combine(_home.Root, "crashed");
        Directory.CreateDirectory(crashed);
        // A writer in the middle of a big transaction, its cache so small that uncommitted pages spill into
        // the WAL. Copying the files now is what a kill -9 (or power cut after the OS wrote them) leaves.
        using (var writer = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            writer.Open();
            using (var pragma = writer.CreateCommand())
            {
                pragma.CommandText = "PRAGMA cache_size = 2";
                pragma.ExecuteNonQuery();
            }
            using var transaction = writer.BeginTransaction();
            using (var insert = writer.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                    INSERT INTO messages(peer, direction, sender_key, type, time, body, state)
                    SELECT 'romeo@example.net', 'in', 'romeo@example.net', 'chat', '2026-11-21T00:00:00.0000000Z', 'uncommitted ' || i || ' ' || hex(randomblob(200)), 'received' FROM n
                    """;
                insert.ExecuteNonQuery();
            }
            Assert.True(new FileInfo(path + "-wal").Length > 100_000, "the uncommitted pages should have reached the WAL");
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                if (File.Exists(path + suffix))
                    File.Copy(path + suffix, Path.Combine(crashed, "magpie-crashed" + suffix));
            }
            transaction.Rollback();
        }
        Directory.CreateDirectory(Path.Combine(crashed, "magpie"));
        foreach (var file in Directory.GetFiles(crashed, "magpie-crashed*"))
            File.Move(file, Path.Combine(crashed, "magpie", Path.GetFileName(file).Replace("magpie-crashed", "juliet@example.com.db", StringComparison.Ordinal)));

        using var reopened = HistoryStore.Open(Path.Combine(crashed, "magpie"), TempDataHome.Account);
        Assert.Equal(50, reopened.Count());
        Assert.Equal(["committed 48", "committed 49"], reopened.GetConversation(Jid.Parse("romeo@example.net"), 2).Select(m => m.Body));
        Assert.Single(reopened.Search("committed 17"));
        using var check = new SqliteConnection($"Data Source={reopened.Path};Pooling=False");
        check.Open();
        using var integrity = check.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", integrity.ExecuteScalar());
    }
}
