using Magpie.Cli.Rendering;
using Magpie.Xmpp.Extensions.Styling;

namespace Magpie.Cli.Presentation;

/// <summary>The local-history half of the screen model: a conversation or room window opens with its last lines.</summary>
internal sealed partial class ClientViewModel
{
    /// <summary>How many past lines a conversation window opens with.</summary>
    public const int HistoryLines = 50;

    private void LoadHistory(ConversationModel window, IncomingMessage? arriving = null) =>
        LoadPast(window, () => WithoutArriving(_backend.GetHistory(window.Peer!, HistoryLines), arriving), m =>
        {
            if (m.Outgoing)
            {
                var own = OwnLine(m.Body, m.Id);
                return new ChatLine(m.Time, own.Kind, own.Sender, own.Runs, m.Id);
            }
            return MeCommand.TryGetAction(m.Body, out var action)
                ? new ChatLine(m.Time, LineKind.Action, window.Title, Runs(action, null), m.Id)
                : new ChatLine(m.Time, LineKind.Theirs, window.Title, Runs(m.Body, null), m.Id);
        });

    /// <summary>The past lines without the message <paramref name="arriving"/>: it is stored before it is shown, so
    /// the window it opens finds it as the newest row (matched by id, or by text when it came without one).</summary>
    private static IReadOnlyList<PastMessage> WithoutArriving(IReadOnlyList<PastMessage> past, IncomingMessage? arriving)
    {
        if (arriving is null)
            return past;
        for (var i = past.Count - 1; i >= 0; i--)
        {
            var p = past[i];
            var same = p.Id is not null && arriving.Id is not null
                ? p.Id == arriving.Id
                : p.Outgoing == arriving.Outgoing && (p.Body == arriving.Body || arriving.Body.StartsWith(p.Body + "\n", StringComparison.Ordinal));
            if (same)
                return [.. past.Take(i), .. past.Skip(i + 1)];
        }
        return past;
    }

    private void LoadRoomHistory(ConversationModel window) =>
        LoadPast(window, () => Rooms.GetHistory(window.Peer!, HistoryLines), m =>
        {
            var nick = SafeText.Name(m.Nick);
            return MeCommand.TryGetAction(m.Body, out var action)
                ? new ChatLine(m.Time, LineKind.Action, nick, Runs(action, null), m.Id)
                : new ChatLine(m.Time, m.Outgoing ? LineKind.Mine : LineKind.Theirs, nick, Runs(m.Body, null), m.Id);
        });

    private void LoadPast(ConversationModel window, Func<IReadOnlyList<PastMessage>> read, Func<PastMessage, ChatLine> toLine)
    {
        IReadOnlyList<PastMessage> past;
        try
        {
            past = read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A damaged history file must not keep the window from opening.
            window.Add(Notice("Local history unavailable: " + ex.Message));
            return;
        }
        if (past.Count == 0)
            return;
        // The banner heads the lines it introduces; what arrives later follows them.
        window.Add(new ChatLine(_clock.GetLocalNow(), LineKind.Notice, "", [new StyledRun($"— {past.Count} earlier messages from the local history" + (past.Any(p => p.Queued) ? "; some still wait in the outbox" : "") + " —", TextStyles.None)]));
        foreach (var m in past)
            window.Add(toLine(m));
    }
}
