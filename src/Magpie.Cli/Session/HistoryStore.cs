using System.Globalization;
using Magpie.Xmpp;
using Microsoft.Data.Sqlite;

namespace Magpie.Cli.Session;

/// <summary>
/// The local history of one account, in SQLite: every message sent and received, an outbox for messages
/// composed while offline, and how far each archive has been fetched.
/// </summary>
/// <remarks>
/// <para>The file is created with mode 0600 (its directory 0700) and runs in WAL mode with full sync, so a
/// crash loses at most the transaction in progress.</para>
/// <para>Every write goes through one <see cref="HistoryWriter"/>: queued, and committed with the others queued
/// meanwhile in one transaction (one fsync per burst, not per message). <see cref="Enqueue"/> returns at once
/// (unless the queue is full) and completes once the row is committed: what promises a message is safe (a
/// delivery receipt, a printed line) waits for that. The synchronous writes wait for their commit too, so they
/// must not be called from the connection's read thread (handlers must not block it) nor from a commit callback.
/// Reads see what is committed.</para>
/// <para>Duplicates are recognised only by stable ids (never by text or time): a trusted XEP-0359 stanza-id
/// together with the entity that assigned it, or the sender together with its origin-id. A duplicate adds
/// what the stored copy lacks (the archive id of a message we sent) and is otherwise dropped.</para>
/// <para>One connection is shared under a lock (the writer takes it for each burst), so the store may be used
/// from any thread.</para>
/// </remarks>
internal sealed class HistoryStore : IDisposable
{
    private const int SchemaVersion = 1;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string Columns =
        "id, peer, direction, sender, recipient, type, message_id, origin_id, stanza_id, stanza_id_by, time, delayed, body, replace_id, state, chat_state, xhtml_text, oob_url, carbon";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly string _account;
    private readonly HistoryWriter _writer;
    private SqliteStatement? _insert;
    private SqliteStatement? _findDuplicate;

    private HistoryStore(SqliteConnection connection, Jid account, string path, bool fullText, int queueCapacity)
    {
        _connection = connection;
        _writer = new HistoryWriter(connection, _gate, queueCapacity);
        _writer.Failed += (_, ex) => WriteFailed?.Invoke(this, ex);
        _account = account.Bare.ToString();
        Path = path;
        HasFullTextSearch = fullText;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Whether <see cref="Search"/> uses SQLite FTS5 (the bundled SQLite has it); otherwise it falls
    /// back to a LIKE scan.</summary>
    public bool HasFullTextSearch { get; }

    /// <summary>Raised on the writer thread when a commit callback throws; the writer carries on. (A write's own
    /// failure is carried by its task and callback.)</summary>
    public event EventHandler<Exception>? WriteFailed;

    /// <summary>How many transactions the writer has committed (the test hook for group commit).</summary>
    internal long Commits => _writer.Commits;

    /// <summary>Raised on the writer thread after each burst's commit callbacks ran: where output those callbacks
    /// buffered is written out in one go.</summary>
    public event EventHandler? BurstDone
    {
        add => _writer.BurstDone += value;
        remove => _writer.BurstDone -= value;
    }

    /// <summary>Opens (creating when needed) the history of <paramref name="account"/> in <paramref name="directory"/>.</summary>
    public static HistoryStore Open(string directory, Jid account) => Open(directory, account, allowFullText: true);

    /// <summary>The test seam: <paramref name="allowFullText"/> false runs the LIKE fallback even where FTS5 exists.</summary>
    internal static HistoryStore Open(string directory, Jid account, bool allowFullText, int queueCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(account);
        CreatePrivateDirectory(directory);
        var path = HistoryPaths.DatabasePath(directory, account);
        CreatePrivateFile(path);
        // No pooling: Dispose really closes the file, so another process (or a test) can take over at once.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            var fullText = allowFullText && HasFts5(connection);
            Migrate(connection, fullText);
            return new HistoryStore(connection, account, path, fullText, queueCapacity);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Stores a message unless it is a duplicate, and waits for the commit. Not from the read thread:
    /// use <see cref="Enqueue"/> there.</summary>
    /// <returns>The stored row (new, or the existing one it duplicates) and whether it was new.</returns>
    public (HistoryMessage Message, bool Added) Add(HistoryMessage message) => Wait(() => Enqueue(message));

    /// <summary>Queues a message to be stored unless it is a duplicate; waits only when the queue is full.</summary>
    /// <param name="message">The message.</param>
    /// <param name="committed">Runs on the writer thread, in queue order, once the message is committed (or
    /// failed to be): where a receipt or "stored" signal is sent from. Keep it short; it must not make
    /// synchronous writes.</param>
    /// <returns>The stored row (new, or the existing one it duplicates) and whether it was new, once committed.</returns>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<(HistoryMessage Message, bool Added)> Enqueue(HistoryMessage message, Action<Task<(HistoryMessage Message, bool Added)>>? committed = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _writer.Enqueue(transaction => AddCore(message, transaction), committed);
    }

    /// <summary>Runs <paramref name="action"/> on the writer thread once everything queued before it is committed:
    /// keeps something that is not stored (a chat state) in order with the messages around it.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task AfterQueued(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return _writer.Enqueue(_ => true, _ => action());
    }

    /// <summary>Stores a page fetched from <paramref name="archive"/> and moves its <see cref="GetLastArchiveId"/>
    /// to <paramref name="lastId"/>, in one transaction: after a crash the next catch-up starts exactly after
    /// what was committed.</summary>
    /// <returns>How many messages were new.</returns>
    public int AddArchivePage(Jid archive, IEnumerable<HistoryMessage> messages, string? lastId)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(messages);
        var page = messages.ToList();
        return Wait(() => _writer.Enqueue(transaction =>
        {
            var added = 0;
            foreach (var message in page)
            {
                if (AddCore(message, transaction).Added)
                    added++;
            }
            if (lastId is not null)
                SetLastArchiveIdCore(archive, lastId, transaction);
            return added;
        }));
    }

    /// <summary>The last archive id fetched from <paramref name="archive"/>, or null before the first fetch.</summary>
    public string? GetLastArchiveId(Jid archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT last_id FROM archives WHERE archive = $archive";
            command.Parameters.AddWithValue("$archive", archive.Bare.ToString());
            return command.ExecuteScalar() as string;
        }
    }

    /// <summary>When <see cref="GetLastArchiveId"/> of <paramref name="archive"/> was last stored (we were level
    /// with the archive then), or null before the first fetch: where a catch-up by time starts.</summary>
    public DateTimeOffset? GetLastArchiveTime(Jid archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT updated FROM archives WHERE archive = $archive";
            command.Parameters.AddWithValue("$archive", archive.Bare.ToString());
            return command.ExecuteScalar() is string updated
                ? DateTimeOffset.ParseExact(updated, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null;
        }
    }

    /// <summary>Records how far <paramref name="archive"/> has been fetched.</summary>
    public void SetLastArchiveId(Jid archive, string lastId)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentException.ThrowIfNullOrEmpty(lastId);
        Wait(() => _writer.Enqueue(transaction =>
        {
            SetLastArchiveIdCore(archive, lastId, transaction);
            return true;
        }));
    }

    /// <summary>The last <paramref name="limit"/> messages with <paramref name="peer"/>, oldest first.</summary>
    public IReadOnlyList<HistoryMessage> GetConversation(Jid peer, int limit = 50)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM messages WHERE peer = $peer ORDER BY time DESC, id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$peer", peer.Bare.ToString());
            command.Parameters.AddWithValue("$limit", limit);
            var rows = ReadAll(command);
            rows.Reverse();
            return rows;
        }
    }

    /// <summary>The last <paramref name="limit"/> messages whose text contains every word of <paramref name="text"/>,
    /// optionally only with <paramref name="peer"/>, oldest first. With FTS5 words match whole tokens, case- and
    /// accent-insensitively; <paramref name="text"/> is taken literally (no query syntax).</summary>
    public IReadOnlyList<HistoryMessage> Search(string text, Jid? peer = null, int limit = 50)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // NUL separates words too: no stored body holds one (XML forbids it), and inside an FTS5 string it ends the
        // string early, which SQLite reports as an error instead of finding nothing.
        var words = text.Replace('\0', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return [];
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.Parameters.AddWithValue("$peer", (object?)peer?.Bare.ToString() ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            if (HasFullTextSearch)
            {
                // Each word becomes a quoted phrase, so user input can never be FTS query syntax.
                var match = string.Join(' ', words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
                command.CommandText = $"""
                    SELECT {Columns} FROM messages WHERE id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH $match)
                    AND ($peer IS NULL OR peer = $peer) ORDER BY time DESC, id DESC LIMIT $limit
                    """;
                command.Parameters.AddWithValue("$match", match);
            }
            else
            {
                var conditions = new List<string>();
                for (var i = 0; i < words.Length; i++)
                {
                    conditions.Add($"body LIKE $w{i} ESCAPE '\\'");
                    var escaped = words[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
                    command.Parameters.AddWithValue($"$w{i}", "%" + escaped + "%");
                }
                command.CommandText = $"SELECT {Columns} FROM messages WHERE {string.Join(" AND ", conditions)} AND ($peer IS NULL OR peer = $peer) ORDER BY time DESC, id DESC LIMIT $limit";
            }
            var rows = ReadAll(command);
            rows.Reverse();
            return rows;
        }
    }

    /// <summary>Changes the delivery state of the messages we sent with this id (stanza id or origin-id),
    /// e.g. when a receipt or an error comes back; waits for the commit (not from the read thread: see
    /// <see cref="EnqueueDeliveryState"/>).</summary>
    /// <returns>How many messages changed.</returns>
    public int SetDeliveryState(string messageId, DeliveryState state) => Wait(() => EnqueueDeliveryState(messageId, state));

    /// <summary>Queues <see cref="SetDeliveryState"/>, after every write queued before it.</summary>
    /// <returns>How many messages changed, once committed.</returns>
    public Task<int> EnqueueDeliveryState(string messageId, DeliveryState state)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return _writer.Enqueue(transaction =>
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            // Spelled so that both lookups use an index (our own messages' sender key is the account).
            command.CommandText = "UPDATE messages SET state = $state WHERE direction = 'out' AND (message_id = $id OR (sender_key = $account AND origin_id = $id))";
            command.Parameters.AddWithValue("$state", StateName(state));
            command.Parameters.AddWithValue("$account", _account);
            command.Parameters.AddWithValue("$id", messageId);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Puts a message composed while offline into the outbox: it is stored at once (state
    /// <see cref="DeliveryState.Pending"/>, direction out) and queued behind the others.</summary>
    /// <param name="message">The message; give it its message id and origin-id now, so that a resend after a
    /// crash is recognised as the same message.</param>
    /// <returns>Its entry; queueing the same message again returns the entry it already has.</returns>
    /// <exception cref="InvalidOperationException">The message (by its ids) is stored and already left the outbox.</exception>
    public OutboxEntry EnqueueOutbox(HistoryMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Wait(() => _writer.Enqueue(transaction =>
        {
            var (stored, added) = AddCore(message with { Direction = MessageDirection.Out, State = DeliveryState.Pending }, transaction);
            // Queueing a message that already went out would send it twice.
            if (!added && stored.State != DeliveryState.Pending)
                throw new InvalidOperationException($"The message {stored.MessageId ?? stored.OriginId} was already sent.");
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO outbox(message) VALUES ($message) ON CONFLICT(message) DO NOTHING; SELECT seq FROM outbox WHERE message = $message";
            command.Parameters.AddWithValue("$message", stored.Id);
            var sequence = (long)command.ExecuteScalar()!;
            return new OutboxEntry(sequence, stored);
        }));
    }

    /// <summary>The outbox in the order the messages were composed. The entries stay queued until
    /// <see cref="MarkSent"/>: a crash while sending resends rather than loses.</summary>
    public IReadOnlyList<OutboxEntry> TakeOutbox()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT o.seq, {string.Join(", ", Columns.Split(", ").Select(c => "m." + c))} FROM outbox o JOIN messages m ON m.id = o.message ORDER BY o.seq";
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
                entries.Add(new OutboxEntry(reader.GetInt64(0), ReadMessage(reader, 1)));
            return entries;
        }
    }

    /// <summary>Takes a message out of the outbox once it was written to the network and marks it
    /// <see cref="DeliveryState.Sent"/>.</summary>
    public void MarkSent(OutboxEntry entry) => Wait(() => EnqueueMarkSent(entry));

    /// <summary>Queues <see cref="MarkSent"/>: a flush of several messages waits once, for the last, and the
    /// writer commits them together.</summary>
    /// <returns>How many rows changed, once committed.</returns>
    public Task<int> EnqueueMarkSent(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _writer.Enqueue(transaction =>
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM outbox WHERE seq = $seq;
                UPDATE messages SET state = 'sent' WHERE id = $id AND state = 'pending';
                """;
            command.Parameters.AddWithValue("$seq", entry.Sequence);
            command.Parameters.AddWithValue("$id", entry.Message.Id);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>How many messages are stored (all conversations).</summary>
    public long Count()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM messages";
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Writes everything queued, then closes the database.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        lock (_gate)
        {
            _insert?.Dispose();
            _findDuplicate?.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>Waits for a queued write's commit, rethrowing its own error.</summary>
    private T Wait<T>(Func<Task<T>> write)
    {
        if (_writer.IsWriterThread)
            throw new InvalidOperationException("A commit callback cannot wait for another history write.");
        return write().GetAwaiter().GetResult();
    }

    private (HistoryMessage Message, bool Added) AddCore(HistoryMessage message, SqliteTransaction transaction)
    {
        var senderKey = SenderKey(message);
        // Without a stable id nothing can be a duplicate (duplicates are never guessed from text or time).
        if ((message.StanzaId is not null || message.OriginId is not null) && FindDuplicate(message, senderKey, transaction) is { } existing)
        {
            MergeInto(existing, message, transaction);
            return (existing, false);
        }
        var stanzaIdBy = message.StanzaId is null ? null : message.StanzaIdBy ?? _account;
        var insert = Statement(ref _insert, """
            INSERT INTO messages(peer, direction, sender, recipient, sender_key, type, message_id, origin_id, stanza_id, stanza_id_by,
                time, delayed, body, replace_id, state, chat_state, xhtml_text, oob_url, carbon)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
            """);
        insert.Text(1, message.Peer)
            .Text(2, message.Direction == MessageDirection.Out ? "out" : "in")
            .Text(3, message.Sender)
            .Text(4, message.Recipient)
            .Text(5, senderKey)
            .Text(6, message.Type)
            .Text(7, message.MessageId)
            .Text(8, message.OriginId)
            .Text(9, message.StanzaId)
            .Text(10, stanzaIdBy)
            .Text(11, FormatTime(message.Time))
            .Integer(12, message.Delayed ? 1 : 0)
            .Text(13, message.Body)
            .Text(14, message.ReplaceId)
            .Text(15, StateName(message.State))
            .Text(16, message.ChatState)
            .Text(17, message.XhtmlText)
            .Text(18, message.OobUrl)
            .Text(19, message.Carbon)
            .Run();
        return (message with { Id = insert.LastInsertRowId, StanzaIdBy = stanzaIdBy }, true);
    }

    private HistoryMessage? FindDuplicate(HistoryMessage message, string senderKey, SqliteTransaction transaction)
    {
        var find = Statement(ref _findDuplicate, """
            SELECT id FROM messages
            WHERE (?1 IS NOT NULL AND stanza_id = ?1 AND stanza_id_by = ?2)
               OR (?3 IS NOT NULL AND origin_id = ?3 AND sender_key = ?4)
            ORDER BY id LIMIT 1
            """);
        var id = find.Text(1, message.StanzaId).Text(2, message.StanzaIdBy ?? _account).Text(3, message.OriginId).Text(4, senderKey).FirstInteger();
        if (id is null)
            return null;
        // A duplicate is rare: the whole row is read the ordinary way.
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM messages WHERE id = $id";
        command.Parameters.AddWithValue("$id", id.Value);
        return ReadAll(command).FirstOrDefault();
    }

    /// <summary>A statement kept prepared across writes (see <see cref="SqliteStatement"/>); only the writer thread
    /// uses these, under the lock.</summary>
    private SqliteStatement Statement(ref SqliteStatement? slot, string sql) => slot ??= new SqliteStatement(_connection, sql);

    private void MergeInto(HistoryMessage existing, HistoryMessage duplicate, SqliteTransaction transaction)
    {
        // The duplicate may know more: the archive id of a message we sent, or that our server has it.
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE messages SET
                stanza_id = coalesce(stanza_id, $stanza_id),
                stanza_id_by = CASE WHEN stanza_id IS NULL AND $stanza_id IS NOT NULL THEN $by ELSE stanza_id_by END,
                state = CASE WHEN direction = 'out' AND $archived = 1 AND state IN ('pending', 'sent') THEN 'acked' ELSE state END
            WHERE id = $id;
            DELETE FROM outbox WHERE message = $id AND $archived = 1;
            """;
        Bind(command, "$stanza_id", duplicate.StanzaId);
        Bind(command, "$by", duplicate.StanzaIdBy ?? _account);
        // A copy seen in an archive (or echoed with a stanza-id) proves the server took it: no resend needed.
        command.Parameters.AddWithValue("$archived", duplicate.StanzaId is null ? 0 : 1);
        command.Parameters.AddWithValue("$id", existing.Id);
        // A unique index could still refuse the archive id if another row holds it; that row then is the copy.
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
        }
    }

    private string SenderKey(HistoryMessage message)
    {
        // Origin-ids are unique per sender: our account for what we send, the contact's bare JID for what
        // they send (any of their resources), the occupant JID in a room.
        if (message.Direction == MessageDirection.Out)
            return _account;
        if (!Jid.TryParse(message.Sender, out var sender))
            return message.Sender ?? "";
        return message.Type == "groupchat" ? sender.ToString() : sender.Bare.ToString();
    }

    private void SetLastArchiveIdCore(Jid archive, string lastId, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO archives(archive, last_id, updated) VALUES ($archive, $last, $now)
            ON CONFLICT(archive) DO UPDATE SET last_id = excluded.last_id, updated = excluded.updated
            """;
        command.Parameters.AddWithValue("$archive", archive.Bare.ToString());
        command.Parameters.AddWithValue("$last", lastId);
        command.Parameters.AddWithValue("$now", FormatTime(DateTimeOffset.UtcNow));
        command.ExecuteNonQuery();
    }

    private static List<HistoryMessage> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<HistoryMessage>();
        while (reader.Read())
            rows.Add(ReadMessage(reader, 0));
        return rows;
    }

    private static HistoryMessage ReadMessage(SqliteDataReader r, int o)
    {
        string? S(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        return new HistoryMessage
        {
            Id = r.GetInt64(o),
            Peer = r.GetString(o + 1),
            Direction = r.GetString(o + 2) == "out" ? MessageDirection.Out : MessageDirection.In,
            Sender = S(3),
            Recipient = S(4),
            Type = r.GetString(o + 5),
            MessageId = S(6),
            OriginId = S(7),
            StanzaId = S(8),
            StanzaIdBy = S(9),
            Time = DateTimeOffset.ParseExact(r.GetString(o + 10), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            Delayed = r.GetInt64(o + 11) != 0,
            Body = S(12),
            ReplaceId = S(13),
            State = ParseState(r.GetString(o + 14)),
            ChatState = S(15),
            XhtmlText = S(16),
            OobUrl = S(17),
            Carbon = S(18),
        };
    }

    private static void Bind(SqliteCommand command, string name, string? value) =>
        command.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);

    // Fixed width, so that ordering the text orders the times.
    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string StateName(DeliveryState state) => state.ToString().ToLowerInvariant();

    private static DeliveryState ParseState(string name) =>
        Enum.TryParse<DeliveryState>(name, ignoreCase: true, out var state) ? state : DeliveryState.Received;

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool HasFts5(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_compileoption_used('ENABLE_FTS5')";
        return command.ExecuteScalar() is long and not 0;
    }

    private static void Migrate(SqliteConnection connection, bool fullText)
    {
        using var transaction = connection.BeginTransaction();
        using (var version = connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = "PRAGMA user_version";
            var current = (long)version.ExecuteScalar()!;
            if (current > SchemaVersion)
                throw new InvalidOperationException($"The history database was written by a newer magpie (schema {current}).");
            if (current == SchemaVersion)
            {
                transaction.Commit();
                return;
            }
        }
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS messages (
                id INTEGER PRIMARY KEY,
                peer TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                sender TEXT,
                recipient TEXT,
                sender_key TEXT NOT NULL,
                type TEXT NOT NULL,
                message_id TEXT,
                origin_id TEXT,
                stanza_id TEXT,
                stanza_id_by TEXT,
                time TEXT NOT NULL,
                delayed INTEGER NOT NULL DEFAULT 0,
                body TEXT,
                replace_id TEXT,
                state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'acked', 'received', 'error')),
                chat_state TEXT,
                xhtml_text TEXT,
                oob_url TEXT,
                carbon TEXT
            );
            CREATE INDEX IF NOT EXISTS messages_by_peer_time ON messages(peer, time, id);
            CREATE INDEX IF NOT EXISTS messages_by_message_id ON messages(message_id) WHERE message_id IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS messages_by_stanza_id ON messages(stanza_id_by, stanza_id) WHERE stanza_id IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS messages_by_origin_id ON messages(sender_key, origin_id) WHERE origin_id IS NOT NULL;
            CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                message INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE
            );
            CREATE TABLE IF NOT EXISTS archives (
                archive TEXT PRIMARY KEY,
                last_id TEXT NOT NULL,
                updated TEXT NOT NULL
            );
            """, transaction);
        if (fullText)
        {
            // An external-content index over messages.body, kept in step by triggers.
            Execute(connection, """
                CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
                    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
                END;
                CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
                END;
                CREATE TRIGGER IF NOT EXISTS messages_fts_update AFTER UPDATE OF body ON messages BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
                    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
                END;
                """, transaction);
        }
        Execute(connection, $"PRAGMA user_version = {SchemaVersion}", transaction);
        transaction.Commit();
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void CreatePrivateFile(string path)
    {
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            // Create it ourselves with 0600 before SQLite does with the umask's mode; SQLite gives the -wal
            // and -shm files the same mode as the database.
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private });
        }
        catch (IOException) when (File.Exists(path))
        {
            // An existing file is tightened, in case something loosened it.
            if (File.GetUnixFileMode(path) != Private)
                File.SetUnixFileMode(path, Private);
        }
    }
}
