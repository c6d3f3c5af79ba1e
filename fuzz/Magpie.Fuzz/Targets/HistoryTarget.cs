using System.Text;
using Magpie.Cli.Session;
using Magpie.Xmpp;

namespace Magpie.Fuzz.Targets;

/// <summary>
/// The CLI's history store (SQLite) storing what peers control and reading it back. Input: a mode byte (bit 0:
/// outgoing, bit 1: full-text search on, bit 2: through the outbox, bit 3: delayed, bit 4: UTF-16 fields), then
/// NUL-separated sender, recipient, type, message id, origin-id, stanza-id, stanza-id-by, body, replace id, chat state,
/// XHTML text, OOB URL, carbon and a search text. The message is stored twice (the second time with the search text as
/// body, which de-duplication must merge or keep), read back and searched for.
/// Oracles: nothing but the store's documented errors is thrown; the first row read back carries every field as it was
/// stored (text as SQLite's UTF-8 keeps it: an unpaired surrogate becomes U+FFFD); searching for a word finds rows
/// without error; time and memory bounded.
/// </summary>
public static class HistoryTarget
{
    private static readonly Jid Account = Jid.Parse("me@example.com");
    private const string Peer = "peer@example.com";
    private static readonly string Root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
    private static int s_run;

    public static void Run(byte[] data)
    {
        if (data.Length < 1)
            return;
        var mode = data[0];
        var parts = Input.Split(data.AsSpan(1), 14);
        string? Field(int i) => i < parts.Count ? ((mode & 16) == 0 ? Input.Utf8Text(parts[i]) : Input.Utf16Text(parts[i])) : null;
        var message = new HistoryMessage
        {
            Peer = Peer,
            // The outbox holds what we send.
            Direction = (mode & 5) != 0 ? MessageDirection.Out : MessageDirection.In,
            Sender = Field(0),
            Recipient = Field(1),
            Type = Field(2) ?? "chat",
            MessageId = Field(3),
            OriginId = Field(4),
            StanzaId = Field(5),
            StanzaIdBy = Field(6),
            Time = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero).AddTicks(mode * 1234567L),
            Delayed = (mode & 8) != 0,
            Body = Field(7),
            ReplaceId = Field(8),
            State = (mode & 5) != 0 ? DeliveryState.Pending : DeliveryState.Received,
            ChatState = Field(9),
            XhtmlText = Field(10),
            OobUrl = Field(11),
            Carbon = Field(12),
        };
        var search = Field(13) ?? "";
        var directory = Path.Combine(Root, $"magpie-fuzz-history-{Environment.ProcessId}-{s_run++}");
        Oracle.Bounded(data.Length, TimeSpan.FromSeconds(5), 32 << 20, 2000, () =>
        {
            try
            {
                StoreAndRead(message, search, (mode & 2) != 0, (mode & 4) != 0, directory);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        });
    }

    private static void StoreAndRead(HistoryMessage message, string search, bool fullText, bool outbox, string directory)
    {
        using var store = HistoryStore.Open(directory, Account, allowFullText: fullText);
        try
        {
            if (outbox)
            {
                store.EnqueueOutbox(message);
                var taken = store.TakeOutbox();
                Oracle.Check(taken.Count == 1, $"the outbox gave back {taken.Count} entries for one");
                Same(message, taken[0].Message, "outbox");
            }
            else
            {
                store.Add(message);
            }
            store.Add(message with { Body = search });
            var rows = store.GetConversation(Jid.Parse(Peer));
            Oracle.Check(rows.Count is 1 or 2, $"{rows.Count} rows for two adds");
            Same(message, rows[0], "conversation");
            _ = store.Search(search);
            foreach (var word in (message.Body ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(4))
                _ = store.Search(word, Jid.Parse(Peer));
        }
        catch (Exception ex)
        {
            Oracle.Allow(ex, "HistoryStore");
        }
    }

    private static void Same(HistoryMessage stored, HistoryMessage read, string where)
    {
        void Field(string name, string? expected, string? actual)
        {
            if (Stored(expected) != actual)
                throw new FuzzFinding($"{where}: {name} read back as \"{actual}\", stored \"{expected}\"");
        }
        Field("sender", stored.Sender, read.Sender);
        Field("recipient", stored.Recipient, read.Recipient);
        Field("type", stored.Type, read.Type);
        Field("message id", stored.MessageId, read.MessageId);
        Field("origin-id", stored.OriginId, read.OriginId);
        Field("stanza-id", stored.StanzaId, read.StanzaId);
        Field("body", stored.Body, read.Body);
        Field("replace id", stored.ReplaceId, read.ReplaceId);
        Field("chat state", stored.ChatState, read.ChatState);
        Field("XHTML text", stored.XhtmlText, read.XhtmlText);
        Field("OOB URL", stored.OobUrl, read.OobUrl);
        Field("carbon", stored.Carbon, read.Carbon);
        Oracle.Check(read.Time == stored.Time && read.Delayed == stored.Delayed && read.Direction == stored.Direction && read.Peer == stored.Peer,
            $"{where}: time, delay, direction or peer changed");
    }

    /// <summary>Text as SQLite keeps it: UTF-8, so an unpaired surrogate comes back as U+FFFD.</summary>
    private static string? Stored(string? text) => text is null ? null : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
